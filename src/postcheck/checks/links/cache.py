"""Remember checked URLs between runs (SQLite), so a rerun does not request them again.

A success is remembered for ``cache_max_age``; a link found broken (404, a 5xx on every
attempt, a name that does not exist) for the shorter ``cache_errors_max_age``, so a rerun while
editing is instant but a site that comes back is seen soon (``--no-cache`` re-checks at once).
Warnings ("could not tell": timeouts, 429, bot walls) are never remembered. A row dated in the
future is ignored (it would otherwise never expire), and a row that is not what postcheck
writes (a status that is not a number, anchors that are not a list) means the file is corrupt:
it is rebuilt with a warning, never a crash. SQLite in WAL mode with a busy timeout lets
parallel processes (pre-commit runs hooks in parallel) share one file.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable

from postcheck.checks.links.outcome import Failure, Outcome

LOG = logging.getLogger("postcheck.links")
FILE_NAME = "links.sqlite3"
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    url TEXT PRIMARY KEY,
    checked_at REAL NOT NULL,
    status INTEGER,
    final_url TEXT NOT NULL,
    moved_to TEXT,
    anchors TEXT,
    failure TEXT,
    detail TEXT NOT NULL,
    attempts INTEGER NOT NULL
)
"""
COLUMNS = "url, checked_at, status, final_url, moved_to, anchors, failure, detail, attempts"
#: Clocks of machines sharing a cache disagree a little; a row further ahead is ignored.
CLOCK_SKEW = 60.0
_FAILURES = {failure.value: failure for failure in Failure}


class CorruptRow(ValueError):
    """A row postcheck did not write: the cache cannot be trusted."""


def _row_outcome(row: tuple[Any, ...]) -> Outcome:
    """The outcome a row stores; :class:`CorruptRow` when any field is not what is written."""
    url, checked_at, status, final_url, moved_to, anchors, failure, detail, attempts = row
    if not isinstance(checked_at, (int, float)) or not math.isfinite(checked_at):
        raise CorruptRow(f"checked_at {checked_at!r}")
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 999):
        raise CorruptRow(f"status {status!r}")
    if failure is not None and failure not in _FAILURES or (status is None) == (failure is None):
        raise CorruptRow(f"failure {failure!r} with status {status!r}")
    if not all(isinstance(v, str) for v in (url, final_url, detail)) or not isinstance(moved_to, (str, type(None))):
        raise CorruptRow("a text field is not text")
    if not isinstance(attempts, int) or attempts < 0:
        raise CorruptRow(f"attempts {attempts!r}")
    return Outcome(
        url, status=status, final_url=final_url, moved_to=moved_to, anchors=_anchors(anchors),
        failure=_FAILURES[failure] if failure else None, detail=detail, attempts=attempts, cached_at=float(checked_at),
    )


def _anchors(stored: Any) -> frozenset[str] | None:
    if stored is None:
        return None
    try:
        value = json.loads(stored) if isinstance(stored, str) else None
    except ValueError:
        value = None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CorruptRow(f"anchors {str(stored)[:40]!r}")
    return frozenset(value)


def _row(outcome: Outcome, now: float) -> tuple[Any, ...]:
    anchors = json.dumps(sorted(outcome.anchors)) if outcome.anchors is not None else None
    failure = outcome.failure.value if outcome.failure else None
    return (outcome.url, now, outcome.status, outcome.final_url, outcome.moved_to, anchors, failure, outcome.detail, outcome.attempts)


class LinkCache:
    """Outcomes by URL. A corrupt file is rebuilt; a locked or unwritable one is left alone
    and the run goes on without a cache (a warning either way)."""

    def __init__(self, folder: Path, max_age: float, errors_max_age: float = 0.0) -> None:
        self.folder = folder
        self.path = folder / FILE_NAME
        self.max_age = max_age
        self.errors_max_age = errors_max_age
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.OperationalError, OSError) as error:
            self._without(error)  # locked or not writable: someone else's file, leave it be
        except sqlite3.DatabaseError as error:
            self._rebuild(error)

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Written by postcheck: this folder is a cache.\n*\n", encoding="utf-8")
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                db.execute("DROP TABLE IF EXISTS links")
            db.execute(SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM links").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self, error: Exception) -> None:
        """Delete the corrupt file and start empty; without a cache if even that fails."""
        LOG.warning("postcheck: link cache %s is corrupt (%s); rebuilding it", self.path, error)
        self.close()
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as again:
            self._without(again)

    def _without(self, error: Exception) -> None:
        LOG.warning("postcheck: running without the link cache %s (%s)", self.path, error)
        self.close()

    def get_many(self, wanted: dict[str, bool]) -> dict[str, Outcome]:
        """Fresh cached outcomes for ``wanted`` (URL → whether its anchors are needed)."""
        if self._db is None or not wanted:
            return {}
        now = time.time()
        found: dict[str, Outcome] = {}
        urls = list(wanted)
        try:
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT {COLUMNS} FROM links WHERE url IN ({marks})", chunk):
                    outcome = _row_outcome(row)
                    if self._usable(outcome, now, wanted.get(outcome.url, False)):
                        found[outcome.url] = outcome
        except sqlite3.OperationalError as error:
            self._without(error)
            return {}
        except (sqlite3.DatabaseError, CorruptRow) as error:
            self._rebuild(error)
            return {}
        return found

    def _usable(self, outcome: Outcome, now: float, want_anchors: bool) -> bool:
        checked_at = outcome.cached_at or 0.0
        if checked_at > now + CLOCK_SKEW:
            return False  # dated in the future: it would never expire
        failed = outcome.failure is not None or (outcome.status or 0) >= 400
        if now - checked_at > (self.errors_max_age if failed else self.max_age):
            return False
        return failed or not want_anchors or outcome.anchors is not None  # anchors never read: ask again

    def put_many(self, outcomes: Iterable[Outcome]) -> None:
        """Store the outcomes (the caller passes only what may be remembered)."""
        if self._db is None:
            return
        now = time.time()
        rows = [_row(outcome, now) for outcome in outcomes]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(f"INSERT OR REPLACE INTO links ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            LOG.warning("postcheck: could not update the link cache %s (%s)", self.path, error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
