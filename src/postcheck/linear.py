"""Linear-time matching for the rule packs' regexes (patterns, exceptions, topics, cues).

Posts are untrusted input and the packs are edited by many hands, so a pack regex must never
take more than linear time, whatever it is written like and whatever it meets. Python's
``re`` backtracks: ``\\d[\\d,.]*k? followers`` takes seconds on a run of ``1,1,1,…`` and a
nested quantifier takes forever. Pack regexes therefore run under RE2 (``google-re2``), whose
automata guarantee time linear in the text, and a pattern RE2 cannot run that way
(lookaround, backreferences) is refused when the pack is loaded, by :func:`problem`.

RE2's shorthand classes are ASCII while Python's are Unicode, and pack authors write Python
syntax, so :func:`translate` spells ``\\s``, ``\\w``, ``\\d`` (and their negations) as the
Unicode classes Python means: a non-breaking space is white space, ``é`` is a word character.
``\\b`` stays RE2's ASCII word boundary (only cues use it, as a cheap pre-filter).

Whole-word patterns (the phrase engine's "cannot start or end inside a word") would need
lookbehind. Instead the text is padded with a space at each end and the pattern consumes one
non-word character on each side; the match reported is what lies between, and the next
search starts on the last character of the previous match, which is exactly what Python's
``(?<!\\w)…(?!\\w)`` with ``finditer`` gives.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterator

import re2

#: Python's ``\\s`` for text (what ``str.isspace`` accepts), as the body of an RE2 class.
_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\p{Z}"
#: Python's ``\\w`` for text (``str.isalnum`` or ``_``).
_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
#: Outside a class, and inside one, for each shorthand Python reads as Unicode.
_OUTSIDE = {"s": f"[{_SPACE}]", "S": f"[^{_SPACE}]", "w": f"[{_WORD}]", "W": f"[^{_WORD}]", "d": _DIGIT, "D": r"\P{Nd}", "Z": r"\z"}
_INSIDE = {"s": _SPACE, "w": _WORD, "d": _DIGIT}
#: Constructs no linear-time engine has, with what to write instead.
_UNSUPPORTED = (
    (re.compile(r"\(\?<?[=!]"), "lookahead and lookbehind are not supported (they cannot run in linear time); "
     "a pattern only matches whole words already, and 'exceptions' drop matches"),
    (re.compile(r"\\[1-9]|\(\?P="), "backreferences are not supported (they cannot run in linear time)"),
    (re.compile(r"\(\?>|[*+?}][+]"), "atomic groups and possessive quantifiers are not needed: every pattern runs in linear time"),
    (re.compile(r"\(\?\("), "conditional groups are not supported"),
)
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20  # room for the DFA of a big case-insensitive alternation


class PatternError(ValueError):
    """A pack regex cannot be compiled for linear-time matching; the message says why."""


def translate(source: str) -> str:
    """``source`` (Python ``re`` syntax) in RE2 syntax with Python's Unicode meaning of the
    shorthand classes; escaped punctuation becomes ``\\x{…}`` (RE2 refuses some escapes
    Python accepts, such as ``\\ ``)."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            escaped = source[index + 1]
            index += 2
            table = _INSIDE if in_class else _OUTSIDE
            if escaped in table:
                out.append(table[escaped])
            elif in_class and escaped in "SWD":
                raise PatternError(f"\\{escaped} inside [...] is not supported; write the class another way")
            elif not escaped.isalnum():
                out.append(f"\\x{{{ord(escaped):x}}}")
            else:
                out.append("\\" + escaped)
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            if source[index : index + 1] == "^":
                out.append("^")
                index += 1
            if source[index : index + 1] == "]":
                out.append(r"\]")  # a ']' first in a class is literal in Python
                index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def problem(source: str) -> str | None:
    """Why ``source`` cannot be a pack regex (None when it can): what the pack loader
    reports, naming the rule. Cheap enough for every run (Python's parser, not an RE2
    compile: a pre-commit hook loads 500 patterns and runs a few); the tests compile every
    pack regex with RE2 too."""
    for construct, why in _UNSUPPORTED:
        if construct.search(source):
            return why
    try:
        re.compile(source)
        translate(source)
    except (re.error, PatternError) as error:
        return f"not a valid pattern: {error}"
    return None


def _compile(source: str) -> "re2._Regexp":
    try:
        return re2.compile(source, _OPTIONS)
    except re2.error as error:
        raise PatternError(f"not a valid pattern: {error}") from None


@dataclass(frozen=True)
class Match:
    """Where a pattern matched, in characters of the text searched."""

    text: str
    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def span(self) -> tuple[int, int]:
        return self.begin, self.finish

    def group(self) -> str:
        return self.text[self.begin : self.finish]


class Subject:
    """A text prepared once for any number of patterns: its UTF-8 bytes (``data``), the same
    padded with a space at each end (``padded``, the "outside" of whole words), and the way
    back from byte offsets to character offsets."""

    __slots__ = ("text", "data", "_padded", "_starts", "_extra")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self._padded: bytes | None = None
        self._starts: list[int] | None = None if not text.isascii() else []
        self._extra: list[int] = []

    @property
    def padded(self) -> bytes:
        if self._padded is None:
            self._padded = b" " + self.data + b" "
        return self._padded

    def char(self, offset: int) -> int:
        """The character index in ``text`` of byte ``offset`` of ``data``."""
        if self._starts is None:
            self._index()
        if not self._starts:
            return offset
        before = bisect.bisect_left(self._starts, offset)
        return offset - (self._extra[before - 1] if before else 0)

    def _index(self) -> None:
        """Byte offset of each non-ASCII character and the extra bytes up to and including it."""
        starts, extra, total = [], [], 0
        for found in re.finditer(r"[^\x00-\x7f]", self.text):
            starts.append(found.start() + total)
            total += len(found.group().encode("utf-8", "surrogatepass")) - 1
            extra.append(total)
        self._starts, self._extra = starts, extra


class Pattern:
    """A compiled pack regex (or several, as alternatives): case-insensitive, linear time.

    ``words``: matches cannot start or end inside a word (the phrase engine's rule)."""

    def __init__(self, sources: list[str], words: bool = True, ignore_case: bool = True) -> None:
        body = "|".join(f"(?:{translate(source)})" for source in sources)
        if words:
            body = f"[^{_WORD}](?:{body})[^{_WORD}]"
        self.words = words
        self.regex = _compile(("(?i)" if ignore_case else "") + body)
        self._search = _searcher(self.regex)

    def finditer(self, text: "str | Subject") -> Iterator[Match]:
        """Every non-overlapping match, left to right (as ``re.finditer``)."""
        subject = text if isinstance(text, Subject) else Subject(text)
        if self.words:
            yield from self._words(subject)
            return
        data, pos = subject.data, 0
        while pos <= len(data) and (found := self._search(data, pos)) is not None:
            start, end = found
            yield Match(subject.text, subject.char(start), subject.char(end))
            pos = end if end > start else end + 1

    def _words(self, subject: Subject) -> Iterator[Match]:
        data, pos = subject.padded, 0
        while True:
            found = self._search(data, pos)
            if found is None:
                return
            outer_start, outer_end = found
            start, end = outer_start + _char_length(data[outer_start]), outer_end - _last_char_length(data, outer_end)
            yield Match(subject.text, subject.char(start - 1), subject.char(end - 1))
            # The next match may lean on this one's last character as its "outside"; after an
            # empty match, on the character that followed it.
            pos = end - _last_char_length(data, end) if end > start else end

    def search(self, text: "str | Subject") -> Match | None:
        """The first match, or None."""
        return next(self.finditer(text), None)


def _searcher(regex: "re2._Regexp") -> Callable[[bytes, int], tuple[int, int] | None]:
    """``search(data, pos) -> (start, end) | None`` over bytes. The binding's own ``Match``
    when it is there: the public ``search`` builds a generator and a match object per call,
    which doubled the phrase check's time on posts of many short blocks."""
    low = getattr(regex, "_regexp", None)
    if low is not None and hasattr(low, "Match"):
        anchor = re2._Anchor.UNANCHORED

        def search(data: bytes, pos: int) -> tuple[int, int] | None:
            span = low.Match(anchor, data, pos, len(data))[0]
            return None if span[0] < 0 else span

        return search

    def public(data: bytes, pos: int) -> tuple[int, int] | None:
        found = regex.search(data, pos)
        return found.span() if found is not None else None

    return public


def _char_length(lead: int) -> int:
    """Bytes in the UTF-8 character whose first byte is ``lead``."""
    return 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _last_char_length(data: bytes, end: int) -> int:
    """Bytes in the UTF-8 character that ends at ``end``."""
    start = end - 1
    while start > 0 and 0x80 <= data[start] < 0xC0:
        start -= 1
    return end - start
