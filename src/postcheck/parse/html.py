"""HTML and MDX inside Markdown: where the tags are, and which text of an HTML block is prose.

A reader sees the text inside ``<p>``, ``<li>``, ``<td>``, ``<div>`` or an MDX component's
children, so that text is prose like any paragraph. Tags and their attributes are never prose:
an MDX component's ``quote={`…`}`` or ``value="45%"`` is data handed to code, and the contents
of ``<script>``, ``<style>``, ``<pre>``, ``<svg>`` and friends are not text either.

The scanner reads each character at most twice (a tag that never closes turns the text it ran
over back into text, and scanning goes on after it), so hostile input cannot make it slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from markdown_it.token import Token

from postcheck.parse.positions import InlineEvent


#: Elements that flow inside a paragraph: their tags do not end a unit of prose.
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo br cite code data dfn em font i img kbd mark nobr q s samp small span strike "
    "strong sub sup time tt u var wbr del ins big".split()
)
#: Elements without a closing tag.
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
#: Elements whose contents are not prose.
OPAQUE_TAGS = frozenset("script style pre svg template textarea noscript iframe math object select video audio canvas".split())
#: Longest tag read (MDX attributes can hold a paragraph-long quote); a longer one is text.
MAX_TAG = 20_000

NAME = re.compile(r"[A-Za-z][\w.:-]*")
ANCHOR_OPEN = re.compile(r"<a\s[^>]*\bhref\s*=", re.IGNORECASE)
ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Tag:
    """``text[start:end]`` is a tag (``name`` lowercased; ``!--`` for a comment, ``!`` for a
    doctype or processing instruction, ``""`` for an MDX fragment ``<>``)."""

    start: int
    end: int
    name: str
    closing: bool = False
    self_closing: bool = False
    #: The name as written (MDX components are capitalised: ``<Quote>``).
    written: str = ""


@dataclass(frozen=True)
class Unit:
    """A run of prose ``html[start:end]`` inside the elements ``containers`` (outermost first,
    lowercased), whose ids are ``scope``."""

    start: int
    end: int
    containers: tuple[str, ...]
    scope: tuple[int, ...]
    innermost: str


def scan(text: str) -> Iterator[Tag]:
    """Every tag and comment of ``text``, in order."""
    pos, size = 0, len(text)
    while True:
        opening = text.find("<", pos)
        if opening < 0 or opening + 1 >= size:
            return
        if text.startswith("<!--", opening):
            close = text.find("-->", opening + 4)
            pos = size if close < 0 else close + 3
            yield Tag(opening, pos, "!--", self_closing=True)
            continue
        closing = text[opening + 1] == "/"
        name_at = opening + 2 if closing else opening + 1
        name = NAME.match(text, name_at)
        special = not closing and text[name_at] in "!?"
        if name is None and not special and not text.startswith(">", name_at):
            pos = opening + 1
            continue
        end, stop = _tag_end(text, name.end() if name else name_at)
        if end is None:
            pos = max(opening + 1, stop)
            continue
        written = name.group(0) if name else ("!" if special else "")
        yield Tag(opening, end, written.lower(), closing, special or text[end - 2] == "/", written)
        pos = end


def _tag_end(text: str, pos: int) -> tuple[int | None, int]:
    """Where the tag whose attributes start at ``pos`` ends (just after its ``>``), or None
    and where reading stopped. Quotes count after ``=`` and inside ``{…}`` (JSX)."""
    quote, depth, previous = "", 0, ""
    limit = min(len(text), pos + MAX_TAG)
    index = pos
    while index < limit:
        char = text[index]
        if quote:
            if char == "\\" and depth:
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`" and (depth or previous == "="):
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == ">" and not depth:
            return index + 1, index + 1
        if not char.isspace():
            previous = char
        index += 1
    return None, index


def prose_units(html: str, new_id: Callable[[], int]) -> list[Unit]:
    """The runs of ``html`` a reader sees as text, split where a block element (or an MDX
    component, or a comment) starts or ends; inline elements stay inside their run."""
    units: list[Unit] = []
    stack: list[tuple[str, int]] = []
    cursor, inline_tags, opaque = 0, [], ""
    for tag in scan(html):
        if opaque:
            if tag.closing and tag.name == opaque:
                opaque, cursor = "", tag.end
            continue
        if tag.name in INLINE_TAGS:
            inline_tags.append(tag)
            continue
        _flush(html, cursor, tag.start, inline_tags, stack, units)
        cursor, inline_tags = tag.end, []
        if tag.name in OPAQUE_TAGS and not tag.closing and not tag.self_closing:
            opaque = tag.name
        elif tag.closing:
            names = [name for name, _ in stack]
            if tag.name in names:
                del stack[len(names) - 1 - names[::-1].index(tag.name) :]
        elif not tag.self_closing and tag.name not in VOID_TAGS and not tag.name.startswith("!"):
            stack.append((tag.name, new_id()))
    if not opaque:
        _flush(html, cursor, len(html), inline_tags, stack, units)
    return units


def _flush(html: str, start: int, end: int, inline_tags: list[Tag], stack: list[tuple[str, int]], units: list[Unit]) -> None:
    """Add ``html[start:end]`` as a unit when some of its text (outside inline tags) is words."""
    gaps, at = [], start
    for tag in inline_tags:
        gaps.append(html[at : tag.start])
        at = tag.end
    gaps.append(html[at:end])
    if not any(char.isalpha() for gap in gaps for char in gap):
        return
    while start < end and html[start].isspace():
        start += 1
    while end > start and html[end - 1].isspace():
        end -= 1
    names = tuple(name for name, _ in stack)
    units.append(Unit(start, end, names, tuple(ident for _, ident in stack), names[-1] if names else ""))


def components(text: str) -> list[tuple[int, int]]:
    """Spans of MDX component tags (``<Quote …>``, ``</Quote>``) in a paragraph: markdown-it
    leaves the ones with ``{…}`` attributes or line breaks as text, but they are markup."""
    return [(tag.start, tag.end) for tag in scan(text) if tag.written[:1].isupper()]


def opens_anchor(tag: str) -> bool:
    """Whether an inline tag is an ``<a href=…>`` (its text is a link's text)."""
    return ANCHOR_OPEN.match(tag) is not None


def closes_anchor(tag: str) -> bool:
    return ANCHOR_CLOSE.match(tag) is not None


def with_components(content: str, events: list[InlineEvent]) -> list[InlineEvent]:
    """MDX component tags that markdown-it left as text (``{…}`` attributes, line breaks
    inside the tag) become masked elements, like the HTML tags it did recognise."""
    if "<" not in content:
        return events
    taken = {event.start for event in events if event.rule == "html_inline"}
    extra = [
        InlineEvent("html_inline", start, end, [Token("html_inline", "", 0, content=content[start:end])])
        for start, end in components(content)
        if start not in taken
    ]
    if not extra:
        return events
    first = {id(event) for event in extra}
    return sorted([*extra, *events], key=lambda event: (event.start, id(event) not in first))


def html_comments(html: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each complete ``<!-- … -->`` in ``html``, found in one pass (a
    lazy regex rescans to the end from every unclosed ``<!--``)."""
    found, pos = [], 0
    while (start := html.find("<!--", pos)) >= 0:
        close = html.find("-->", start + 4)
        if close < 0:
            break
        found.append((start, close + 3))
        pos = close + 3
    return found


def blanked(html: str, spans: list[tuple[int, int]]) -> str:
    """``html`` with each span replaced by spaces (offsets kept)."""
    parts, pos = [], 0
    for start, end in spans:
        parts += [html[pos:start], " " * (end - start)]
        pos = end
    return "".join(parts) + html[pos:]
