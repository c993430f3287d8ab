"""Positions between the document model and the protocol.

The model counts 1-based lines and 1-based columns in Unicode code points, without a BOM. LSP
counts 0-based lines and characters in the code units of the negotiated position encoding:
UTF-16 unless the client offers another (the server asks for UTF-32 when it can, which is the
model's own unit). An emoji before a finding is one column in the model, two UTF-16 units and
four UTF-8 bytes; getting that wrong moves every squiggle after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import Sequence

from lsprotocol import types

from postcheck.model import Position, Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` is in ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Codec:
    """Converts positions for one version of one document: its model ``lines`` (no line ends,
    no BOM) and whether the editor's text starts with a BOM (the model does not count it; the
    editor does, on the first line)."""

    lines: Sequence[str]
    encoding: str = UTF16
    bom: bool = False
    #: Per line, the code units before each character (only for lines where they differ from
    #: the character count), so a long line with many findings is measured once.
    _tables: dict[int, list[int] | None] = field(default_factory=dict, compare=False, repr=False)

    def to_lsp(self, position: Position) -> types.Position:
        """The protocol position of a model position (clamped into the document)."""
        if not self.lines:
            return types.Position(line=0, character=0)
        index = min(max(position.line - 1, 0), len(self.lines) - 1)
        text = self.lines[index]
        column = len(text) if position.line > len(self.lines) else min(max(position.column - 1, 0), len(text))
        return types.Position(line=index, character=self._shift(index) + self._units_before(index, column))

    def _units_before(self, index: int, column: int) -> int:
        if index not in self._tables:
            text = self.lines[index]
            same = self.encoding == UTF32 or text.isascii() or units(text, self.encoding) == len(text)
            self._tables[index] = None if same else list(accumulate((units(c, self.encoding) for c in text), initial=0))
        table = self._tables[index]
        return column if table is None else table[column]

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.to_lsp(span.start), end=self.to_lsp(span.end))

    def to_model(self, position: types.Position) -> Position:
        """The model position of a protocol position; a character inside a multi-unit
        character (half a surrogate pair) counts as that character."""
        if not self.lines:
            return Position(1, 1)
        index = min(max(position.line, 0), len(self.lines) - 1)
        wanted = position.character - self._shift(index)
        seen = column = 0
        for char in self.lines[index]:
            width = units(char, self.encoding)
            if seen + width > wanted:
                break
            seen, column = seen + width, column + 1
        return Position(index + 1, column + 1)

    def _shift(self, index: int) -> int:
        return units("\ufeff", self.encoding) if self.bom and index == 0 else 0
