"""Bounds on what spaCy's tokenizer is given, so a hostile paragraph costs linear time.

The tokenizer peels prefixes and suffixes off each whitespace-free run one at a time, which
is quadratic in the run's length: 8,000 ``$`` in a row take 20 s. And spaCy refuses a text
over 1,000,000 characters outright (E088). Words that long are never claims (URLs and code
are already masked to one character), and no claim spans paragraphs of that size, so:

- :func:`bounded` blanks every whitespace-free run after its first :data:`MAX_WORD`
  characters (same length, so every offset still points at the same character);
- :func:`pieces` cuts a block longer than :data:`MAX_PIECE` at sentence ends (a line break, or
  white space after ``.``, ``!`` or ``?``), each piece analysed on its own.
"""

from __future__ import annotations

import re
from typing import Iterator

MAX_WORD = 64
MAX_PIECE = 20_000
_LONG_WORD = re.compile(r"\S{%d}(\S+)" % MAX_WORD)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def bounded(text: str) -> str:
    """``text`` with each whitespace-free run cut to :data:`MAX_WORD` characters (the rest
    becomes spaces)."""
    if len(text) <= MAX_WORD:
        return text
    return _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD] + " " * len(match.group(1)), text)


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` covering ``text`` in order, each at most :data:`MAX_PIECE`
    characters, cut after the last sentence end that fits (else the last white space, else
    anywhere)."""
    start = 0
    while len(text) - start > MAX_PIECE:
        window = text[start : start + MAX_PIECE]
        ends = [match.end() for match in _SENTENCE_END.finditer(window, MAX_PIECE // 2)]
        cut = ends[-1] if ends else max(window.rfind(" ") + 1, 0) or MAX_PIECE
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]
