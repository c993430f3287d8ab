"""Where a suppression comment goes: it must waive the finding's line and change nothing else
about how the post renders.

``<!-- postcheck-disable-next-line RULE -- reason -->`` waives the next non-blank line. Put on
a line of its own in the middle of a paragraph, it would split the paragraph in two (an HTML
block interrupts a paragraph); between two list items at column 0, it would split the list. So:

- when the line before the finding's line ends in running text (a paragraph, a list item, a
  quote, a footnote), the comment is appended to that line as inline HTML (before a hard line
  break, which must stay last, and with no space, which would be published);
- otherwise it gets a line of its own above, inside the same containers (``>`` of a quote, the
  indentation of a list item's content);
- a finding in the front matter cannot have a comment before it: the comment is
  ``postcheck-disable-file RULE`` right after the front matter;
- a row of a table cannot take a line above it without breaking the table: no suppression is
  offered there, and none in MDX, where an HTML comment is a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postcheck.model import BlockKind, Document, Position, ProseBlock, Span

PLACEHOLDER = "reason"
RUNNING_TEXT = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE, BlockKind.FOOTNOTE}
CONTAINERS = re.compile(r"[ \t>]*")
LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])[ \t]+")


@dataclass(frozen=True)
class Insertion:
    """Text to insert at a model position, and where its placeholder ends up afterwards."""

    at: Position
    text: str
    #: The placeholder's span in the edited document.
    reason: Span
    #: The edited line that holds the placeholder (to convert ``reason`` to protocol units).
    reason_line: str


def comment(kind: str, rule: str) -> str:
    return f"<!-- postcheck-{kind} {rule} -- {PLACEHOLDER} -->"


def insertion(doc: Document, rule: str, line: int) -> Insertion | None:
    """How to waive ``rule`` on ``line`` of ``doc``; None when no comment can do it safely."""
    if doc.abspath.suffix.lower() == ".mdx" or not doc.readable:
        return None
    front = doc.front_matter
    if front.last_line and line <= front.last_line:
        return _own_line(doc, front.last_line + 1, "", comment("disable-file", rule))
    lines = _lines_of(doc)
    if BlockKind.TABLE_CELL in lines.get(line, set()) and BlockKind.TABLE_CELL in lines.get(line - 1, set()):
        return None
    text = comment("disable-next-line", rule)
    previous = doc.line_text(line - 1)
    if line > 1 and previous.strip() and RUNNING_TEXT & lines.get(line - 1, set()):
        return _appended(line - 1, previous, text)
    return _own_line(doc, line, _prefix(doc.line_text(line)), text)


def _appended(line: int, current: str, text: str) -> Insertion:
    """``text`` right after ``line``'s content and before a trailing hard break, with no space
    around it: a space there would be published (before ``</li>``, before ``<br>``)."""
    cut = _content_end(current)
    return _placed(Position(line, cut + 1), text, line, cut, current[:cut] + text + current[cut:])


def _content_end(text: str) -> int:
    """Where ``text``'s content ends: before a hard line break (two spaces or a backslash at
    the end) and before trailing white space. String operations, not a regex: a line of a
    million spaces costs one pass."""
    spaces = len(text) - len(text.rstrip(" "))
    if spaces >= 2:
        return len(text) - spaces
    if text.endswith("\\"):
        return len(text) - 1
    return len(text.rstrip())


def _own_line(doc: Document, line: int, prefix: str, text: str) -> Insertion:
    """``prefix + text`` as a new line before ``line`` (at the end of the file past it)."""
    if line > len(doc.lines):  # the front matter is the whole file: a new last line
        last = len(doc.lines)
        at = Position(last, len(doc.line_text(last)) + 1)
        return _placed(at, doc.newline + prefix + text, last + 1, len(prefix), prefix + text)
    inserted = prefix + text + doc.newline
    return _placed(Position(line, 1), inserted, line, len(prefix), prefix + text)


def _placed(at: Position, inserted: str, line: int, comment_column: int, edited: str) -> Insertion:
    start = comment_column + edited[comment_column:].index(PLACEHOLDER)
    reason = Span(Position(line, start + 1), Position(line, start + len(PLACEHOLDER) + 1))
    return Insertion(at, inserted, reason, edited)


def _prefix(text: str) -> str:
    """The containers a new line needs to stay where ``text`` is: quote markers and
    indentation, and for a list item the indentation of its content (so the comment belongs to
    the item before and the list is not split)."""
    prefix = CONTAINERS.match(text).group(0)
    marker = LIST_MARKER.match(text, len(prefix))
    if marker:
        prefix += " " * len(marker.group(0))
    return prefix


def _lines_of(doc: Document) -> dict[int, set[BlockKind]]:
    """For each line, the kinds of prose block with text on it."""
    kinds: dict[int, set[BlockKind]] = {}
    for block in doc.prose():
        if block.text:
            first, last = _extent(block)
            for number in range(first, last + 1):
                kinds.setdefault(number, set()).add(block.kind)
    return kinds


def _extent(block: ProseBlock) -> tuple[int, int]:
    return block.start.line, block.source_map.position(len(block.text) - 1).line
