"""Read a file's bytes into lines, or say exactly why it cannot be read as text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postcheck.messages import problem
from postcheck.model import ParseProblem

LINE_END = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


@dataclass
class SourceText:
    """Decoded text split into lines (no line ends, no BOM), plus what was normalised."""

    lines: list[str]
    newline: str
    has_bom: bool


#: Byte-order marks of the encodings editors (Notepad, Word's "Unicode") save instead of
#: UTF-8; longest first, as UTF-32 LE starts with UTF-16 LE's mark.
WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(raw: bytes) -> SourceText | ParseProblem:
    """UTF-8 text (BOM allowed) with any line ends; binary or undecodable input is a problem
    located at the first offending byte."""
    wide = _wide_encoding(raw)
    if wide:
        return problem("parse.wide", encoding=wide)
    if b"\x00" in raw[:8192]:
        return problem("parse.binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", errors="replace").removeprefix(BOM)
        ends = list(LINE_END.finditer(before))
        line = len(ends) + 1
        column = len(before) - (ends[-1].end() if ends else 0) + 1
        return problem("parse.not-utf8", line, column, byte=f"0x{raw[error.start]:02x}")
    has_bom = text.startswith(BOM)
    if has_bom:
        text = text[1:]
    match = LINE_END.search(text)
    lines = LINE_END.split(text)
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return SourceText(lines=lines, newline=match.group(0) if match else "\n", has_bom=has_bom)


def _wide_encoding(raw: bytes) -> str | None:
    """``UTF-16`` or ``UTF-32`` for text saved in a wide encoding: a byte-order mark, or
    (UTF-16 without one) a NUL in every other byte, as ASCII text in UTF-16 has."""
    for mark, name in WIDE_BOMS:
        if raw.startswith(mark):
            return name
    head = raw[:8192]
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        for zeros, other in ((even, odd), (odd, even)):
            if zeros.count(0) >= 0.7 * len(zeros) and other.count(0) == 0:
                return "UTF-16"
    return None
