"""Rewrite a post in place, changing only the characters a fix owns.

A fix is a list of :class:`Edit`: a span of the original file (from the document model,
1-based lines and Unicode columns, BOM not counted), the text expected there, and its
replacement. :func:`apply` works on the file's own bytes, so line ends (LF, CRLF, CR), the BOM
and every character outside the edits come back byte for byte. Writing is atomic: a temporary
file in the same folder, with the original's permissions, renamed over it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, keeping its permission bits, so a reader
    (or a crash) never sees half a file."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".postcheck-fix", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
