"""Read a file's bytes into lines, or say exactly why it cannot be read as text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postcheck.model import ParseProblem

LINE_END = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


@dataclass
class SourceText:
    """Decoded text split into lines (no line ends, no BOM), plus what was normalised."""

    lines: list[str]
    newline: str
    has_bom: bool


def decode(raw: bytes) -> SourceText | ParseProblem:
    """UTF-8 text (BOM allowed) with any line ends; binary or undecodable input is a problem
    located at the first offending byte."""
    if b"\x00" in raw[:8192]:
        return ParseProblem("binary file (contains NUL bytes), not a Markdown post")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", errors="replace").removeprefix(BOM)
        ends = list(LINE_END.finditer(before))
        line = len(ends) + 1
        column = len(before) - (ends[-1].end() if ends else 0) + 1
        return ParseProblem(
            f"not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded (save the file as UTF-8)",
            line,
            column,
        )
    has_bom = text.startswith(BOM)
    if has_bom:
        text = text[1:]
    match = LINE_END.search(text)
    lines = LINE_END.split(text)
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return SourceText(lines=lines, newline=match.group(0) if match else "\n", has_bom=has_bom)
