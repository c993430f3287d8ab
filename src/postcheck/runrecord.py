"""The whole-run record: a warm ``postcheck check`` over files that have not changed prints
what the same command printed last time, without loading the config, the rules or a single
results-cache entry (ruff answers an unchanged project the same way: by the state of its files).

A run that may be replayed is *recorded*: every file and folder it looked at (config
discovery, the config and the files it names, the folders it listed, each post, every local
link target and proof page it probed, the missing ones included) is noted with its state, next
to what the run printed and its exit code. The state of a file is its kind, device, inode,
size, and modification and change times (the change time cannot be set by anyone, and a
checkout gives every file a new one); that of a folder it listed is the same (adding,
removing or renaming an entry changes its times); that of a folder it only looked up is its
kind and inode. The next run of the same command, in the same folder, with the same
environment, postcheck, dependencies and day, replays that output when every noted path is
still in its noted state; anything else is a miss and the run goes the usual way (the
per-post results cache still answers for the posts that did not change).

What a run looks at is observed, not listed by hand: while a run is recorded, the
file-system calls Python code makes (``os.stat``, ``os.lstat``, ``os.scandir``,
``os.listdir``, ``open``) are noted as they are made, so a check that reads one more file is
covered without a change here. Python's, postcheck's and the dependencies' own files are
left out (the key has their fingerprints), and so are the caches.

As safe as the results cache:

- records live in the user's cache (``$XDG_CACHE_HOME/postcheck/runs``), never in the checked
  tree, and their key includes a random secret created there once (readable by the user
  only): a record committed by a pull request never matches, and neither does one copied
  from another machine;
- a run is recorded only when its output depends on nothing but those files, the
  environment and the day: offline, with the caches on, no standard input, no
  ``--changed-since`` (git's state), no ``--output``, no links cache (its answers age), no
  file written outside the caches, nothing seen that changed during the last
  :data:`RACY_NS` (file times tick coarsely, so a file written just before it was read could
  change again with the same times);
- records are written whole (a temporary file renamed over the old one), concurrent runs
  each write a valid one, and one that cannot be read is a miss.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import stat as stat_kinds
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

import postcheck
from postcheck import cachefiles, pipes

#: Bumped when what a record holds changes shape.
SCHEMA = 1
FOLDER = "runs"
#: Records kept (one per command, folder and environment); the oldest go first.
KEEP = 32
#: A file or folder that changed this recently before the run started is not trusted to
#: keep its times when it changes again (two seconds: the coarsest common file times).
RACY_NS = 2_000_000_000
MAX_RECORD_BYTES = 64 << 20
#: Where click leaves the command line for the check command (``Context.meta``).
ARGS = "postcheck.args"
#: Variables that say where a shell has been, not how postcheck runs.
VOLATILE = frozenset({"_", "OLDPWD", "SHLVL", "PWD"})
#: The kernel's views: never a run's input.
SYSTEM = ("/proc/", "/sys/", "/dev/")
#: How a path was looked at: followed, not followed (a symlink itself), or listed.
STAT, LSTAT, LISTED = "s", "l", "d"


def replay(args: list[str], out: TextIO, err: TextIO) -> int | None:
    """Print what the last run of ``args`` printed and return its exit code, when nothing it
    looked at has changed; None when the command must run."""
    if not args or args[0] != "check" or "--no-cache" in args:
        return None
    key = run_key(args, out, err)
    record = _load(key) if key else None
    if record is None:
        return None
    for stream, text in record["output"]:
        target = out if stream == 1 else err
        try:
            target.write(text)
            target.flush()
        except BrokenPipeError:
            pipes.hung_up(target)  # `| head`: the recorded exit code still stands
    return record["exit"]


def run_key(args: list[str], out: TextIO, err: TextIO, create: bool = False) -> str | None:
    """What a record is valid for besides the files: the command line, the folder, the
    environment, the terminal, postcheck and its dependencies, the day, and the secret (None
    when there is no user cache to keep the secret in, or, unless ``create``, no secret yet)."""
    secret = cachefiles.user_secret(create)
    if secret is None:
        return None
    try:
        where = os.getcwd()
    except OSError:
        return None
    environ = sorted((name, value) for name, value in os.environ.items() if name not in VOLATILE)
    parts = [
        SCHEMA, postcheck.__version__, sys.version, sys.executable, tuple(sys.flags), cachefiles.code_fingerprint(),
        cachefiles.packs_fingerprint(), cachefiles.dependency_fingerprint(), secret, where, args, environ, _terminal(out),
        _terminal(err), cachefiles.today(),
    ]
    return cachefiles.sha256(repr(parts).encode("utf-8", "surrogateescape"))


class Recorder:
    """Notes what one run looks at and prints, and keeps it as a record when the run may be
    replayed (:meth:`save`). Used as a context manager around the whole command."""

    def __init__(self, args: list[str]) -> None:
        self.args = list(args)
        self.key: str | None = None
        #: (how, path) → its state when first looked at (an ``os.stat_result`` or an error).
        self.seen: dict[tuple[str, str], Any] = {}
        self.written: set[str] = set()
        #: What was printed: [stream number, [text, ...]] for each run of writes to one stream.
        self.output: list[list[Any]] = []
        #: Something the record cannot replay happened (bytes written to a stream, a path
        #: given relative to a folder descriptor).
        self.unsafe = False
        self.started = time.time_ns()
        self._pid = os.getpid()
        self._undo: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> Recorder:
        self.key = run_key(self.args, sys.stdout, sys.stderr, create=True)
        if self.key is None:
            return self
        self._patch(os, "stat", self._stat_call(os.stat, STAT))
        self._patch(os, "lstat", self._stat_call(os.lstat, LSTAT))
        self._patch(os, "scandir", self._list_call(os.scandir))
        self._patch(os, "listdir", self._list_call(os.listdir))
        opener = self._open_call(io.open)
        self._patch(io, "open", opener)
        self._patch(builtins, "open", opener)
        self._patch(sys, "stdout", _Tee(sys.stdout, 1, self))
        self._patch(sys, "stderr", _Tee(sys.stderr, 2, self))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, value in reversed(self._undo):
            setattr(owner, name, value)
        self._undo.clear()

    def save(self, code: int, caches: Iterable[Path], aging: Iterable[Path] = ()) -> None:
        """Keep the record of this run (exit code ``code``), unless something in it could
        change without the files it looked at changing. ``caches``: folders whose files are
        not inputs (the results and links caches); ``aging``: files whose answers change with
        the clock (the links cache): a run that found one, or finds one now, is not recorded."""
        if any(self._found(path) for path in aging):
            return
        if self.unsafe or self.key is None or os.getpid() != self._pid:
            return
        if run_key(self.args, sys.stdout, sys.stderr) != self.key:
            return  # the day turned, or the folder or environment changed, during the run
        observed = self._observed(_Outside(caches))
        if observed is None:
            return
        output = [[stream, "".join(parts)] for stream, parts in self.output]
        record = {"key": self.key, "exit": code, "output": output, "observed": observed}
        folder = cachefiles.user_folder()
        if folder is None:
            return
        try:
            path = _record_path(folder, self.key)
            cachefiles.write(path, json.dumps(record, ensure_ascii=False))
            cachefiles.keep_newest(path.parent.glob("*.json"), KEEP)
        except (OSError, ValueError):
            return

    def _found(self, path: Path) -> bool:
        """Whether ``path`` exists, or existed when the run looked at it."""
        seen = (self.seen.get((how, str(path))) for how in (STAT, LSTAT, LISTED))
        return path.exists() or any(found is not None and not isinstance(found, list) for found in seen)

    def _observed(self, outside: _Outside) -> list[list[Any]] | None:
        """The inputs as ``[how, path, state]``, or None when the run must not be recorded."""
        if outside.holds_cwd or any(not outside.excludes(path) for path in self.written):
            return None
        observed = []
        for (how, path), found in self.seen.items():
            if outside.excludes(path):
                continue
            state = found if isinstance(found, list) else _describe(how, found)
            if len(state) > 3 and max(state[4], state[5]) >= self.started - RACY_NS:
                return None
            observed.append([how, path, state])
        return observed

    def note_output(self, stream: int, text: str) -> None:
        if self.output and self.output[-1][0] == stream:
            self.output[-1][1].append(text)
        else:
            self.output.append([stream, [text]])

    def _note(self, how: str, path: Any, found: Any) -> None:
        if isinstance(path, int):
            return  # an open file's (its path was noted when it was opened)
        key = (how, path if type(path) is str else os.fsdecode(path))
        if key not in self.seen and os.getpid() == self._pid and not _for_import():
            self.seen[key] = found  # not a worker process's, nor an import's

    def _patch(self, owner: Any, name: str, value: Any) -> None:
        self._undo.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def _stat_call(self, real: Callable[..., os.stat_result], how: str) -> Callable[..., os.stat_result]:
        def stat(path: Any, **options: Any) -> os.stat_result:
            if options.get("dir_fd") is not None:
                self.unsafe = True
            kind = how if options.get("follow_symlinks", True) else LSTAT
            try:
                found = real(path, **options)
            except OSError as error:
                self._note(kind, path, _missing(error))
                raise
            self._note(kind, path, found)
            return found

        return stat

    def _list_call(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def listing(path: Any = ".") -> Any:
            self._look(LISTED, path)
            return real(path)

        return listing

    def _open_call(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, int):
                pass
            elif any(flag in mode for flag in "wax+"):
                self.written.add(os.fsdecode(file))
            else:
                self._look(STAT, file)
            return real(file, mode, *args, **kwargs)

        return opened

    def _look(self, how: str, path: Any) -> None:
        """Note ``path``'s state before it is read or listed (a change after that is a miss)."""
        if isinstance(path, int) or os.getpid() != self._pid:
            return
        try:
            found: Any = _REAL_STAT(path)
        except OSError as error:
            found = _missing(error)
        except (TypeError, ValueError):
            return
        self._note(how, path, found)


_REAL_STAT = os.stat
#: Python's import machinery: it lists and reads ``sys.path`` (the current folder among them,
#: for ``python -m``) to import modules and find packages' metadata, which is not a run's input.
IMPORT_MODULES = ("importlib", "pkgutil", "zipimport")


def _for_import() -> bool:
    """Whether the file-system call being noted was made to import something (the nearest
    caller is the import machinery, not postcheck's code)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(IMPORT_MODULES):
            return True
        if name.startswith("postcheck") and name != __name__:
            return False
        frame = frame.f_back
    return False


class _Tee:
    """A text stream that also hands what is written to the recorder."""

    def __init__(self, stream: TextIO, number: int, recorder: Recorder) -> None:
        self._stream, self._number, self._recorder = stream, number, recorder

    def write(self, text: Any) -> int:
        written = self._stream.write(text)  # bytes (click probes with b"") fail here first
        if isinstance(text, str):
            self._recorder.note_output(self._number, text)
        else:
            self._recorder.unsafe = True
        return written

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            self._recorder.unsafe = True  # bytes written there would not be recorded
        return getattr(self._stream, name)


class _Outside:
    """Paths that are not a run's inputs: Python's, postcheck's and the dependencies' files
    (fingerprinted in the key), the caches, the kernel's views."""

    def __init__(self, caches: Iterable[Path]) -> None:
        import site
        import sysconfig

        self.cwd = os.getcwd()
        folders = [sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")]
        folders += [*site.getsitepackages(), site.getusersitepackages(), str(Path(postcheck.__file__).parent)]
        if sys.prefix != sys.base_prefix:
            folders.append(sys.prefix)  # a virtual environment is Python's
        folders += [str(folder) for folder in (*caches, cachefiles.user_folder()) if folder is not None]
        absolute = {self._absolute(folder) for folder in folders}
        self.prefixes = tuple(sorted({*absolute, *(os.path.realpath(folder) for folder in absolute)}))
        self.holds_cwd = self._under(self.cwd + os.sep)

    def excludes(self, path: str) -> bool:
        return path.startswith(SYSTEM) or self._under(self._absolute(path))

    def _under(self, path: str) -> bool:
        return any(path == folder or path.startswith(folder + os.sep) for folder in self.prefixes)

    def _absolute(self, path: str) -> str:
        return os.path.normpath(os.path.join(self.cwd, path))


def _load(key: str) -> dict[str, Any] | None:
    """The record for ``key`` if there is one and everything it looked at is unchanged."""
    folder = cachefiles.user_folder()
    if folder is None:
        return None
    try:
        with open(_record_path(folder, key), encoding="utf-8") as handle:
            record = json.loads(handle.read(MAX_RECORD_BYTES))
        if record["key"] != key or type(record["exit"]) is not int:
            return None
        if not all(type(stream) is int and type(text) is str for stream, text in record["output"]):
            return None
        if all(_state(how, path) == state for how, path, state in record["observed"]):
            return record
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _state(how: str, path: str) -> list[Any]:
    try:
        found = os.lstat(path) if how == LSTAT else os.stat(path)
    except OSError as error:
        return _missing(error)
    return _describe(how, found)


def _describe(how: str, found: os.stat_result) -> list[Any]:
    """A path's state: a folder that was only looked up by its kind and inode, anything else
    by its times and size too."""
    kind = stat_kinds.S_IFMT(found.st_mode)
    if kind == stat_kinds.S_IFDIR and how != LISTED:
        return [kind, found.st_dev, found.st_ino]
    return [kind, found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def _missing(error: OSError) -> list[Any]:
    return ["error", error.errno]


def _terminal(stream: Any) -> list[Any]:
    isatty = getattr(stream, "isatty", None)
    return [bool(isatty and isatty()), getattr(stream, "encoding", None), getattr(stream, "errors", None)]


def _record_path(folder: Path, key: str) -> Path:
    return folder / FOLDER / f"{key[:32]}.json"
