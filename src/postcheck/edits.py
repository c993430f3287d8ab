"""Rewrite a post in place, changing only the characters a fix owns.

A fix is a list of :class:`Edit`: a span of the original file (from the document model,
1-based lines and Unicode columns, BOM not counted), the text expected there, and its
replacement. :func:`apply` works on the file's own bytes, so line ends (LF, CRLF, CR), the BOM
and every character outside the edits come back byte for byte. Writing is atomic: a temporary
file in the same folder, with the original's permissions, renamed over it; the file is read
again just before, and left alone if it changed. The incident ledger is written the same way,
under a lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from postcheck.model import Span
from postcheck.parse.source import BOM, LINE_END


class StaleEdit(ValueError):
    """The file does not hold the expected text at an edit's span (it changed since parsing)."""


@dataclass(frozen=True)
class Edit:
    span: Span  # on one line
    old: str
    new: str
    #: What the edit does, for the report (``added utm_source=x``).
    note: str


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in LINE_END.finditer(text)]


def apply(raw: bytes, edits: list[Edit]) -> bytes:
    """``raw`` with every edit applied; everything else is unchanged, byte for byte."""
    text = raw.decode("utf-8")
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    starts = _line_starts(body)
    placed = []
    for edit in edits:
        line, column = edit.span.start.line, edit.span.start.column
        if line > len(starts):
            raise StaleEdit(f"line {line} is past the end of the file")
        offset = starts[line - 1] + column - 1
        if body[offset : offset + len(edit.old)] != edit.old:
            raise StaleEdit(f"line {line}, column {column} no longer reads {edit.old!r}")
        placed.append((offset, edit))
    placed.sort(key=lambda item: item[0], reverse=True)
    for (offset, edit), later in zip(placed, [None, *placed]):
        if later is not None and offset + len(edit.old) > later[0]:
            raise StaleEdit(f"two edits overlap at line {edit.span.start.line}")
        body = body[:offset] + edit.new + body[offset + len(edit.old) :]
    return (bom + body).encode("utf-8")


class WriteRefused(OSError):
    """The file is not written, on purpose (read-only, or changed since it was read)."""


#: Temporary files: ``.<name>.<pid>.<random>.postcheck-tmp`` beside the file they replace.
TEMP_SUFFIX = ".postcheck-tmp"
_TEMP = re.compile(r"^\..*\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + "$")


@dataclass
class Replaced:
    """The files a run replaced, each kept open until the run ends.

    An editor that saves in place may open a post just before ``fix`` renames its fixed copy
    over it and write just after: the edit lands in the replaced file, which no name reaches
    any more. Holding the replaced files open and reading them again at the end of the run
    catches every such edit made while the run lasts; :meth:`settle` puts it back."""

    #: Files held open at once; the oldest is settled early beyond this (file descriptors).
    limit: int = 256
    held: list[tuple[BinaryIO, Path, bytes, bytes]] = field(default_factory=list)
    restored: set[Path] = field(default_factory=set)

    def hold(self, handle: BinaryIO, path: Path, expected: bytes, data: bytes) -> None:
        self.held.append((handle, path, expected, data))
        if len(self.held) > self.limit:
            self._settle(*self.held.pop(0))

    def settle(self) -> set[Path]:
        """Put back every edit made to a replaced file; the paths whose fix was undone so."""
        while self.held:
            self._settle(*self.held.pop(0))
        return self.restored

    def _settle(self, handle: BinaryIO, path: Path, expected: bytes, data: bytes) -> None:
        with handle:
            handle.seek(0)
            late = handle.read()
        if late != expected:
            self.restored.add(path)
            with contextlib.suppress(OSError):  # the new file was edited too: that edit stays
                write_atomic(path, late, expected=data)


def write_atomic(path: Path, data: bytes, expected: bytes | None = None, replaced: Replaced | None = None) -> None:
    """Replace ``path`` with ``data`` in one rename, keeping its permission bits, so a reader
    (or a crash, or a kill -9) never sees half a file.

    A symlink is written through: its target is replaced and the link stays. A read-only
    file is refused (:class:`WriteRefused`): its owner said not to change it. With
    ``expected``, the file is read again just before the rename and the write is refused if
    it no longer holds those bytes (an editor saved it meanwhile: its edit must not be lost);
    the replaced file is then read once more after the rename, or at the end of the run when
    ``replaced`` holds it, and an edit found there is put back (see :class:`Replaced`).
    """
    target = path.resolve() if path.is_symlink() else path
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
        if not mode & 0o222 or not os.access(target, os.W_OK):
            raise WriteRefused(errno.EACCES, "the file is read-only (make it writable to fix it)")
    else:
        mode = 0o644
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if expected is None:
            os.replace(temp, target)
            return
        held = replaced or Replaced()
        _replace_unchanged(path, target, Path(temp), data, expected, held)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if replaced is None and held.settle():
        raise WriteRefused(errno.EAGAIN, "the file changed since it was read; run the command again")


def _replace_unchanged(path: Path, target: Path, temp: Path, data: bytes, expected: bytes, replaced: Replaced) -> None:
    """Rename ``temp`` over ``target`` if it still holds ``expected``, and hand the replaced
    file, still open, to ``replaced``."""
    old = open(target, "rb")  # noqa: SIM115 - held open by ``replaced`` beyond this function
    try:
        if old.read() != expected:
            raise WriteRefused(errno.EAGAIN, "the file changed since it was read; run the command again")
        os.replace(temp, target)
    except BaseException:
        old.close()
        raise
    replaced.hold(old, path, expected, data)


def clean_stale(folder: Path) -> list[Path]:
    """Delete the temporary files that a killed run left in ``folder`` (those of processes
    that no longer run; a concurrent run's are left alone). Returns what was deleted."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        found = _TEMP.match(name)
        if found and not _running(int(found.group(1))):
            try:
                (folder / name).unlink()
                removed.append(folder / name)
            except OSError:
                continue
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a ledger) while a read-modify-write runs, so two
    processes appending at once both land. The lock is ``.<name>.lock`` beside it, held with
    ``flock`` (released by the kernel if the process dies, even by kill -9) and removed
    afterwards; a lock file another process removed meanwhile is taken again."""
    lock = path.parent / f".{path.name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if _same_file(handle, lock):
                break
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        return os.fstat(handle).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
