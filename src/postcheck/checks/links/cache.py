"""Remember working URLs between runs (SQLite), so a rerun does not request them again.

Only successes are stored, each with the time it was checked; an entry older than the max age
is ignored. Errors are never stored: a broken link is re-checked every run, so a fixed site is
seen at once. SQLite in WAL mode with a busy timeout lets parallel processes (pre-commit runs
hooks in parallel) share one file. A cache that cannot be read is rebuilt with a warning: a
cache is never a reason to fail a run.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Iterable

from postcheck.checks.links.outcome import Outcome

LOG = logging.getLogger("postcheck.links")
FILE_NAME = "links.sqlite3"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    url TEXT PRIMARY KEY,
    checked_at REAL NOT NULL,
    status INTEGER NOT NULL,
    final_url TEXT NOT NULL,
    moved_to TEXT,
    anchors TEXT
)
"""


class LinkCache:
    """Successful outcomes by URL. A corrupt file is rebuilt; a locked or unwritable one is
    left alone and the run goes on without a cache (a warning either way)."""

    def __init__(self, folder: Path, max_age: float) -> None:
        self.folder = folder
        self.path = folder / FILE_NAME
        self.max_age = max_age
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
        oldest = time.time() - self.max_age
        found: dict[str, Outcome] = {}
        urls = list(wanted)
        try:
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT url, status, final_url, moved_to, anchors FROM links WHERE checked_at >= ? AND url IN ({marks})",
                    [oldest, *chunk],
                ).fetchall()
                for url, status, final_url, moved_to, anchors in rows:
                    if wanted[url] and anchors is None:
                        continue  # known to work, but its anchors were never read
                    page = frozenset(json.loads(anchors)) if anchors is not None else None
                    found[url] = Outcome(url, status=status, final_url=final_url, moved_to=moved_to, anchors=page)
        except sqlite3.OperationalError as error:
            self._without(error)
            return {}
        except (sqlite3.DatabaseError, ValueError) as error:
            self._rebuild(error)
            return {}
        return found

    def put_many(self, outcomes: Iterable[Outcome]) -> None:
        """Store the outcomes (the caller passes successes only)."""
        if self._db is None:
            return
        now = time.time()
        rows = [
            (o.url, now, o.status, o.final_url, o.moved_to, json.dumps(sorted(o.anchors)) if o.anchors is not None else None)
            for o in outcomes
        ]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            LOG.warning("postcheck: could not update the link cache %s (%s)", self.path, error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
