"""The document model: what one parse of a post gives every check.

Checks never parse Markdown; they read a :class:`Document`. Every position in the model is a
:class:`Position` in the *original* file: 1-based line, 1-based column counted in Unicode
characters (a tab is one column, an emoji is one column, a UTF-8 BOM is not counted), with front
matter lines counted. Prose is kept as plain text with code, HTML, URLs and comments masked out,
and a :class:`SourceMap` turns any character offset in that text back into a position.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Iterator

from postcheck.textfold import fold

#: Stands in prose for a masked element (inline code, inline HTML, a bare URL, an image), so
#: that a phrase never matches across it and a sentence keeps a token where it was.
MASK = "\ufffc"


@dataclass(frozen=True, order=True)
class Position:
    """A place in the original file: 1-based line and 1-based column (Unicode characters)."""

    line: int
    column: int


@dataclass(frozen=True)
class Span:
    """A half-open range in the original file: ``end`` is the position just after the last
    character (so ``end.column`` is exclusive, as in SARIF and ruff's JSON)."""

    start: Position
    end: Position


class SourceMap:
    """Maps offsets in a derived text (a prose block) to positions in the original file.

    The text is stitched from segments; each segment is a run of characters that stand at
    consecutive columns of one source line. Lookups bisect the segment starts, so a map costs
    one small tuple per run, not one entry per character.
    """

    __slots__ = ("_starts", "_segments")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._segments: list[tuple[int, int, int]] = []  # (text_offset, line, column)

    def add(self, text_offset: int, line: int, column: int) -> None:
        """Declare that ``text[text_offset:]`` starts at ``line``/``column`` and runs on
        consecutive columns until the next declared segment."""
        if self._starts and self._starts[-1] == text_offset:
            self._segments[-1] = (text_offset, line, column)
            return
        self._starts.append(text_offset)
        self._segments.append((text_offset, line, column))

    def position(self, offset: int) -> Position:
        """The position of the character at ``offset`` in the derived text."""
        if not self._segments:
            return Position(1, 1)
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        start, line, column = self._segments[index]
        return Position(line, column + offset - start)

    def span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]`` (``end`` exclusive, ``end > start``)."""
        first = self.position(start)
        last = self.position(max(start, end - 1))
        return Span(first, Position(last.line, last.column + 1))


class BlockKind(str, Enum):
    """What kind of Markdown block a piece of prose came from."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    BLOCKQUOTE = "blockquote"
    FOOTNOTE = "footnote"


@dataclass
class ProseBlock:
    """One block of readable text, with everything that is not prose masked out.

    ``text`` keeps soft line breaks as ``\\n``; Markdown markup (``**``, ``[``, ``](url)``,
    ``#``) is dropped; inline code, inline HTML, bare URLs and images are one :data:`MASK`
    character each. ``links`` are the links whose visible text lies in this block, so a check
    can tell whether a sentence carries a source.
    """

    kind: BlockKind
    text: str
    source_map: SourceMap
    #: Nesting context, outermost first: e.g. ("blockquote", "list_item"); inside an HTML
    #: block, the elements too, lowercased: ("list_item", "aside", "p").
    containers: tuple[str, ...] = ()
    #: An id per container (same order): blocks that share one are in the same blockquote,
    #: list item or HTML element.
    scope: tuple[int, ...] = ()
    #: For a table cell: its column's header and its row's first cell ("" when there is none).
    table_context: tuple[str, str] = ("", "")
    links: list["Link"] = field(default_factory=list)
    #: Footnote labels referenced in this block, with the text offset of each reference.
    footnote_refs: list[tuple[str, int]] = field(default_factory=list)

    @functools.cached_property
    def folded(self) -> str:
        """``text`` with Romanian diacritics folded (same length), computed once for all the
        checks that match on it."""
        return fold(self.text)

    def span(self, start: int, end: int) -> Span:
        """Source span of ``text[start:end]``."""
        return self.source_map.span(start, end)

    @property
    def start(self) -> Position:
        return self.source_map.position(0)


class LinkKind(str, Enum):
    """How a link was written."""

    INLINE = "inline"  # [text](url)
    REFERENCE = "reference"  # [text][ref], [ref][], [ref]
    AUTOLINK = "autolink"  # <https://…>
    BARE = "bare"  # https://… in running text
    IMAGE = "image"  # ![alt](src)
    HTML = "html"  # <a href>, <img src>


@dataclass
class Link:
    """A link as written in the post.

    ``url`` is the destination exactly as written in the source (not percent-encoded or
    normalised); ``span`` covers the whole construct; ``url_span`` covers the destination
    text itself (for reference links: inside the definition line), which is what a fixer
    rewrites. ``text_offsets`` locate the visible text inside ``block`` when there is one.
    """

    url: str
    kind: LinkKind
    span: Span
    text: str = ""
    title: str | None = None
    url_span: Span | None = None
    #: For reference links: the label and the span of its definition's destination.
    reference: str | None = None
    block: ProseBlock | None = None
    text_offsets: tuple[int, int] | None = None


@dataclass
class Heading:
    """A heading with the anchor slug a reader's ``#fragment`` would use."""

    level: int
    text: str
    slug: str
    span: Span


@dataclass
class FootnoteDef:
    """A footnote definition ``[^label]: …`` with the URLs it contains."""

    label: str
    text: str
    urls: list[str]
    span: Span


@dataclass
class Comment:
    """An HTML comment (where suppressions live), with its raw inner text."""

    text: str
    span: Span


@dataclass
class FrontMatter:
    """Parsed front matter: the values, the line of each top-level key, and its extent."""

    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    #: Where each top-level value is written (quotes and block indicators included).
    value_spans: dict[str, Span] = field(default_factory=dict)
    #: 1-based line numbers of the opening and closing fence; (0, 0) when absent.
    first_line: int = 0
    last_line: int = 0
    format: str = ""  # "yaml", "toml" or "" when there is none
    #: Keys whose value YAML recognised but could not build (``date: 2024-27-06``): kept as
    #: the text written, and reported by the front-matter check.
    unreadable: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def position_of(self, key: str) -> Position:
        """Where ``key`` is written, or the top of the file when it is not."""
        return Position(self.key_lines.get(key, 1), 1)


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
#: Unambiguous ways sites write a date: ISO (``2024-06-27``, a time may follow), ``2024/06/27``,
#: and an English month name before or after the day (``Tue Dec 09 2020 8:00:00 GMT``,
#: ``December 9, 2020``, ``9 Dec 2020``). ``06/07/2024`` is left out: day or month first?
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3})[a-z]*\.?,? (\d{4})\b")


def calendar_day(value: Any) -> datetime.date | None:
    """A front matter value as a calendar day: a YAML/TOML date or timestamp (its day), or a
    string in one of the unambiguous forms above; None otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()[:64]
    for pattern, order in ((_ISO, (1, 2, 3)), (_MONTH_DAY, (3, 1, 2)), (_DAY_MONTH, (3, 2, 1))):
        found = pattern.search(text)
        if found:
            year, month, day = (found.group(i) for i in order)
            month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
            if month_number is None:
                continue
            try:
                return datetime.date(int(year), month_number, int(day))
            except ValueError:
                return None
    return None


@dataclass
class ParseProblem:
    """Why a file could not be read as a post (becomes ``postcheck/parse-error``)."""

    message: str
    line: int = 1
    column: int = 1
    #: Which problem it is (a key of :data:`postcheck.messages.TEXTS`) and its slots, so the
    #: finding can say it in the post's language; empty for a message only in English.
    key: str = ""
    slots: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """One post, parsed once.

    ``path`` is the path as it is reported (as given on the command line, or relative to the
    folder given); ``abspath`` is where it lives. ``lines`` are the original lines without their
    line ends (and without the BOM), so an excerpt can always show the real text.
    """

    path: str
    abspath: Path
    lines: list[str]
    front_matter: FrontMatter = field(default_factory=FrontMatter)
    blocks: list[ProseBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    footnotes: dict[str, FootnoteDef] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    #: Explicit anchors besides heading slugs: ``{#id}``, ``<a id>``, ``<a name>``.
    anchors: set[str] = field(default_factory=set)
    lang: str = "en"
    #: Set when the file could not be parsed; the other fields are then mostly empty.
    problem: ParseProblem | None = None
    #: False when the body could not be read at all (binary, undecodable, unclosed front
    #: matter): its checklist rows are then "skipped" rather than a misleading "pass".
    readable: bool = True
    newline: str = "\n"
    has_bom: bool = False
    #: SHA-256 of the bytes parsed: ``fix`` writes only if the file still holds them.
    digest: str = ""

    def prose(self) -> Iterator[ProseBlock]:
        """Every prose block, title first."""
        return iter(self.blocks)

    @property
    def publication_date(self) -> datetime.date | None:
        """The front matter ``date`` as a calendar day; None when there is none or it is not
        a date (see :func:`calendar_day`)."""
        return calendar_day(self.front_matter.get("date"))

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line ('' past the end)."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""
