"""Map a block's inline content back to its source: where each content line starts, and a
builder that accumulates prose with a source map entry per run.

markdown-it gives a block's inline content with its block markers stripped, so each content
line is found again in its source line; every prose character then knows its exact line and
column (what a finding points at and what ``fix`` edits).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.common.utils import MD_TRIM_CHARS

from postcheck.model import Position, SourceMap, Span


@dataclass
class Origins:
    """Where each line of a block's inline content starts in the source (0-based line, col)."""

    starts: list[int]
    places: list[tuple[int, int]]

    def position(self, offset: int) -> Position:
        index = bisect_line(self.starts, offset)
        line, column = self.places[index]
        return Position(line + 1, column + offset - self.starts[index] + 1)

    def span(self, start: int, end: int) -> Span:
        last = self.position(max(start, end - 1))
        return Span(self.position(start), Position(last.line, last.column + 1))


def bisect_line(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while low + 1 < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low


def align(content: str, first_line: int, lines: list[str], cursor: dict[int, int] | None = None) -> Origins:
    """Find each line of ``content`` in the source lines from ``first_line`` on.

    markdown-it strips block markers (``>``, list markers, indentation) and trims the ends,
    so every content line is a piece of its source line: the last occurrence for paragraphs,
    the next one after ``cursor`` for table cells (several cells share a line).
    """
    starts, places, offset = [], [], 0
    first_line = _first_written(content, first_line, lines)
    for index, piece in enumerate(content.split("\n")):
        line_no = min(first_line + index, len(lines) - 1)
        source = lines[line_no] if lines else ""
        stripped = piece.lstrip()
        if cursor is not None:
            found = source.find(stripped, cursor.get(line_no, 0))
        else:
            found = source.rfind(stripped) if stripped else len(source)
        if found < 0:
            found = len(source) - len(source.lstrip())
        column = max(0, found - (len(piece) - len(stripped)))
        if cursor is not None:
            cursor[line_no] = found + len(stripped)
        starts.append(offset)
        places.append((line_no, column))
        offset += len(piece) + 1
    return Origins(starts, places)


def _first_written(content: str, first_line: int, lines: list[str]) -> int:
    """The line the content starts on. markdown-it trims a block's content of white space
    that CommonMark does not count as blank (a non-breaking space, U+2028, U+3000), so lines
    holding only that are skipped."""
    line = first_line
    while content and line + 1 < len(lines) and not lines[line].strip(MD_TRIM_CHARS):
        line += 1
    return line


class ProseBuilder:
    """Accumulates a block's prose text and its source map from content runs."""

    def __init__(self, content: str, origins: Origins) -> None:
        self.content = content
        self.origins = origins
        self.parts: list[str] = []
        self.length = 0
        self.source_map = SourceMap()

    def literal(self, start: int, end: int) -> None:
        """Copy ``content[start:end]`` as prose, line by line (each line is one map run)."""
        while start < end:
            newline = self.content.find("\n", start, end)
            stop = end if newline < 0 else newline + 1
            self._emit(self.content[start:stop], start)
            start = stop

    def put(self, text: str, at: int) -> None:
        """Emit ``text`` standing for the source character at content offset ``at``."""
        for char in text:
            self._emit(char, at)

    def _emit(self, text: str, at: int) -> None:
        position = self.origins.position(at)
        self.source_map.add(self.length, position.line, position.column)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)
