"""The results cache: a post that has not changed is not checked again (as ruff does).

What is kept, per post, is what the per-post checks found (every family but links, which
keeps its own cache of remote URLs and looks at the disk for local ones on every run) and the
post without its prose (:class:`~postcheck.postresult.PostResult`). An entry is valid for one
key, the SHA-256 of:

- the file's content (its SHA-256), where it is and how it is shown, and its inode and
  modification time (which a pull request cannot forge: an entry committed into the checked
  tree never matches);
- the effective config, the rules (built-in and house packs, as loaded) and which are enabled;
- the other files the per-post checks read (the proof-point register: its content);
- postcheck's version and the files it is made of (an edited checkout counts as another
  version), and the folders its dependencies are installed in;
- the day, for a post with no date when a rule's severity changes on a date or a register
  entry's expiry is judged (an undated post is judged today).

Entries live in ``<cache_dir>/results/``, one file per post (named by its path), next to the
links cache. Each is written to a temporary file and renamed over the old one, so concurrent
runs (pre-commit runs hooks in parallel) never read half an entry; the last writer wins and
both wrote a valid entry. An entry that cannot be read as one (truncated, edited, written by
another version) is a miss: the post is checked and the entry written again.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import postcheck
from postcheck import cachecodec, rulepack
from postcheck.cachefiles import code_fingerprint as _code_fingerprint
from postcheck.cachefiles import dependency_fingerprint as _dependency_fingerprint
from postcheck.cachefiles import files_fingerprint as _files_fingerprint
from postcheck.cachefiles import sha256 as _sha256
from postcheck.cachefiles import today as _today
from postcheck.cachefiles import keep_newest, user_folder, write as _write
from postcheck.checks import CheckContext
from postcheck.checks.links.settings import LinksSettings
from postcheck.config import Config
from postcheck.discover import Target
from postcheck.postresult import PostResult, StoredDocument
from postcheck.registry import Registry

#: Bumped when what an entry holds changes shape.
SCHEMA = 2
FOLDER = "results"
#: An entry larger than this is not read (postcheck's own are a few kilobytes).
MAX_ENTRY_BYTES = 16 << 20
#: Validated built-in packs kept in the user's cache, one per installation or checkout (the
#: pre-commit hook's, the editor's, a development tree's): each would evict the others' on
#: every run if only one were kept, and reading the packs again costs 0.2-0.3 s.
KEPT_RULES = 4


@dataclass
class ResultsCache:
    """The cache of one run: its folder and the part of the key every post shares."""

    folder: Path
    run_key: str
    #: Whether an undated post's results depend on the day (a rule with an ``effective`` date).
    dated: bool = False

    @classmethod
    def for_run(cls, folder: Path, ctx: CheckContext) -> ResultsCache:
        """The cache in ``folder`` for a run with ``ctx``'s config, rules and selection."""
        registry = ctx.registry
        parts = [
            SCHEMA, postcheck.__version__, sys.version, _code_fingerprint(), _dependency_fingerprint(),
            cachecodec.fingerprint_text(ctx.config), cachecodec.fingerprint_text(registry), sorted(ctx.enabled_rules),
            sorted(ctx.inputs.items()),
        ]
        dated = ctx.judged_today or any(rule.effective is not None for rule in registry.rules.values() if ctx.is_enabled(rule.id))
        return cls(folder / FOLDER, _sha256(repr(parts).encode("utf-8")), dated)

    def lookup(self, target: Target) -> PostResult | None:
        """The stored result for ``target`` if the file is unchanged, else None."""
        try:
            where = target.path.resolve()
            path = self._entry(where)
            if path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            text = path.read_text(encoding="utf-8")
            raw = target.path.read_bytes()
            stat = os.stat(target.path)
        except (OSError, UnicodeDecodeError):
            return None
        try:
            entry = cachecodec.loads(text)
            if not isinstance(entry, dict) or entry.get("key") != self._key(where, target, _sha256(raw), stat):
                return None
            if entry.get("day") not in (None, _today()):
                return None
            result = entry["result"]
        except (cachecodec.CorruptEntry, KeyError):
            return None
        if not isinstance(result, PostResult) or not isinstance(result.doc, StoredDocument):
            return None
        return result

    def store(self, target: Target, result: PostResult) -> None:
        """Keep ``result`` for ``target``; a cache that cannot be written is no cache (never
        an error: the run's results do not depend on it)."""
        doc = result.doc
        if not doc.digest:
            return  # the file could not be read: nothing to key it by
        try:
            where = target.path.resolve()
            stat = os.stat(target.path)
            day = _today() if self.dated and doc.readable and doc.publication_date is None else None
            entry = {"key": self._key(where, target, doc.digest, stat), "day": day, "result": result}
            _write(self._entry(where), cachecodec.dumps(entry))
        except (OSError, ValueError):
            return

    def _key(self, where: Path, target: Target, digest: str, stat: os.stat_result) -> str:
        """``where``: the post's resolved path (resolved once per post: a run resolves
        thousands)."""
        parts = [self.run_key, str(where), target.display, digest, stat.st_ino, stat.st_mtime_ns, stat.st_size]
        return _sha256(repr(parts).encode("utf-8"))

    def _entry(self, where: Path) -> Path:
        # fsencode: a file name that is not UTF-8 (``caf\xe9.md``) has its own entry too.
        return self.folder / _sha256(os.fsencode(where))[:32]



def builtin_rules() -> Registry:
    """The built-in rule packs, as :func:`~postcheck.rulepack.load_registry` reads them,
    from the user's cache when neither they nor postcheck changed (reading and validating
    every pack costs more than checking a post).

    They are kept with the installation's user (:func:`user_folder`), never in the project:
    a file in the checked tree can come from a pull request, and a rules entry there, whose
    key anyone can compute, would replace the rules the run checks with."""
    folder = user_folder()
    if folder is None:
        return rulepack.load_registry()
    key = builtin_rules_key()
    path = folder / "rules" / f"rules-{key[:32]}.json"
    try:
        if path.stat().st_size <= MAX_ENTRY_BYTES:
            entry = cachecodec.loads(path.read_text(encoding="utf-8"))
            if isinstance(entry, dict) and entry.get("key") == key and isinstance(entry.get("registry"), Registry):
                return entry["registry"]
    except (OSError, UnicodeDecodeError, cachecodec.CorruptEntry):
        pass
    registry = rulepack.load_registry()
    try:
        _write(path, cachecodec.dumps({"key": key, "registry": registry}))
        keep_newest(path.parent.glob("rules-*.json"), KEPT_RULES)
    except OSError:
        pass
    return registry


def builtin_rules_key() -> str:
    """What the validated built-in packs depend on: the schema, postcheck's version and
    files, and the packs folder :func:`~postcheck.rulepack.load_registry` reads."""
    return _sha256(repr([SCHEMA, postcheck.__version__, _code_fingerprint(), _files_fingerprint(rulepack.packs_dir())]).encode("utf-8"))


def results_folder(config: Config) -> Path:
    """The links cache's folder (``links.cache_dir``): inside the project unless the config
    was given with ``--config`` (see :mod:`postcheck.checks.links.trust`)."""
    folder = config.resolve(config.section("links").cache_dir)
    if not config.trusted and not folder.is_relative_to(config.root.resolve()):
        folder = config.resolve(LinksSettings.cache_dir)
    return folder
