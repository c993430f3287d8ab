"""Parse a post once into a :class:`~postcheck.model.Document`.

Never raises for bad input: a file that cannot be read as a post comes back with
``Document.problem`` set (reported as ``postcheck/parse-error``), and whatever could still be
parsed (the body after broken front matter) is kept so the other checks can run.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from pathlib import Path

from postcheck.model import BlockKind, Document, ParseProblem, ProseBlock, SourceMap, Span
from postcheck.messages import problem
from postcheck.parse import frontmatter
from postcheck.parse.markdown import Walker, markdown
from postcheck.parse.source import SourceText, decode

MDX_ESM = re.compile(r"^(?:import|export)\s")


def parse_file(path: Path, display: str | None = None) -> Document:
    """Read and parse the file at ``path``; ``display`` is the path shown in reports."""
    display = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        doc = Document(path=display, abspath=path, lines=[])
        doc.problem = problem("parse.unread", reason=str(error.strerror or error))
        doc.readable = False
        return doc
    return parse_bytes(raw, path, display)


def parse_bytes(raw: bytes, path: Path, display: str) -> Document:
    decoded = decode(raw)
    if isinstance(decoded, ParseProblem):
        doc = Document(path=display, abspath=path, lines=[], problem=decoded, readable=False)
    else:
        doc = parse_source(decoded, path, display)
    doc.digest = hashlib.sha256(raw).hexdigest()
    return doc


def parse_text(text: str, path: str = "<text>") -> Document:
    """Parse Markdown given as a string (rule examples, tests)."""
    return parse_bytes(text.encode("utf-8"), Path(path), path)


def parse_source(source: SourceText, path: Path, display: str) -> Document:
    doc = Document(path=display, abspath=path, lines=source.lines, newline=source.newline, has_bom=source.has_bom)
    found = frontmatter.read(source.lines)
    doc.front_matter = found.front_matter
    doc.problem = found.problem
    if found.problem is not None and found.line_count == len(source.lines):
        doc.readable = False  # unclosed front matter: where the body starts is unknowable
        return doc
    body = [""] * found.line_count + source.lines[found.line_count :]
    if path.suffix.lower() == ".mdx":
        body = ["" if MDX_ESM.match(line) else line for line in body]
    env: dict = {}
    tokens = markdown().parse("\n".join(body), env)
    title = _title_block(doc)
    if title is not None:
        doc.blocks.append(title)
    Walker(doc, env).walk(tokens)
    return doc


def _title_block(doc: Document) -> ProseBlock | None:
    """The front matter ``title`` as prose (a title is text like any other), mapped onto its
    value as written."""
    title = doc.front_matter.get("title")
    span = doc.front_matter.value_spans.get("title")
    if not isinstance(title, str) or not title.strip() or span is None:
        return None
    source_map = SourceMap()
    for offset, (line, column) in enumerate(_align_value(title, doc.lines, span)):
        source_map.add(offset, line, column)
    return ProseBlock(kind=BlockKind.TITLE, text=title, source_map=source_map)


def _align_value(value: str, lines: list[str], span: Span) -> list[tuple[int, int]]:
    """Where each character of a YAML/TOML value stands in the source. Quotes, escapes
    (``''``, ``\\"``) and folded line breaks make the value differ from what is written, so
    each character is matched to the next equal source character (a space also matches the
    break and indentation of a folded line); one that is not written as itself (an escape like
    ``\\u00e9``) takes the position of the next source character."""
    source = [
        (number, column + 1, char)
        for number in range(span.start.line, span.end.line + 1)
        for column, char in enumerate(lines[number - 1] + "\n")
        if (number, column + 1) >= (span.start.line, span.start.column) and (number, column + 1) < (span.end.line, span.end.column)
    ]
    at: dict[str, list[int]] = {}  # each character → its indexes in source, to find the next one in O(log n)
    for index, (_, _, char) in enumerate(source):
        at.setdefault(char, []).append(index)
    places: list[tuple[int, int]] = []
    cursor = 0
    for char in value:
        found = _next(at, char, cursor)
        if char == " ":
            newline = _next(at, "\n", cursor)
            found = newline if found is None or (newline is not None and newline < found) else found
        if found is None:
            last = source[min(cursor, len(source) - 1)] if source else (span.start.line, span.start.column, "")
            places.append((last[0], last[1]))
            continue
        if char == " " and source[found][2] == "\n":
            while found + 1 < len(source) and source[found + 1][2] in " \t":
                found += 1  # the folded break's indentation stands for the space too
        places.append(source[found][:2])
        cursor = found + 1
    return places


def _next(at: dict[str, list[int]], char: str, cursor: int) -> int | None:
    """The first index at or after ``cursor`` holding ``char``."""
    indexes = at.get(char)
    if not indexes:
        return None
    found = bisect.bisect_left(indexes, cursor)
    return indexes[found] if found < len(indexes) else None
