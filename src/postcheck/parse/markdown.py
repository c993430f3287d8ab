"""Walk markdown-it-py's tokens into prose blocks, links, headings, footnotes and comments.

The parser is CommonMark with tables, strikethrough, footnotes and bare-URL detection; HTML is
on, because suppression comments are HTML. Front matter is cut out before (see
:mod:`postcheck.parse.frontmatter`) and replaced by blank lines, so line numbers never shift.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from postcheck.model import (
    MASK,
    BlockKind,
    Comment,
    Document,
    FootnoteDef,
    Heading,
    Link,
    LinkKind,
    Position,
    ProseBlock,
    Span,
)
from postcheck.parse.align import Origins, ProseBuilder, align
from postcheck.parse.html import blanked, html_comments, prose_units, with_components
from postcheck.parse.html_text import HtmlText
from postcheck.parse.positions import ENV_REFERENCES, InlineEvent, events_for, instrument, label_end, with_link_schemes
from postcheck.parse.slugs import SlugMaker
from postcheck.parse.tables import TableCells

# Every regex here sees post text and runs in linear time: a quoted value, a tag and an
# attribute block end at the first character that cannot be inside them (``<``, ``>``,
# white space), so no start position scans past the next one (tests/test_rules_linear.py).
#: ``href``/``src`` values: quoted, bare, or a JSX expression holding one string or template
#: literal (``href={"…"}``, ``href={`…`}``; a template's ``${…}`` makes it unknowable).
HTML_ATTRIBUTE = re.compile(
    r"""\b(href|src)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|\{\s*(?:"([^"<>]*)"|'([^'<>]*)'|`([^`<>]*)`)\s*\}|([^\s"'=<>`{]+))""",
    re.IGNORECASE,
)
#: ``href={`` right before a code span (an MDX JSX template literal), at the end of a window.
JSX_EXPRESSION_START = re.compile(r"\b(?:href|src)\s*=\s*\{\s*$", re.IGNORECASE)
HTML_ANCHOR = re.compile(r"""<[a-z][^<>]*?\b(?:id|name)\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)
#: A heading's trailing attribute block (kramdown, Pandoc, Hugo/goldmark): ``{#id}``,
#: ``{.notranslate lang=en #id}``. It is not part of the heading's text or slug. Attributes
#: are separated by white space (``#id.class`` is one run), so there is one way to read them.
_ATTRIBUTE = r"""(?:(?:[#.][\w-]+)+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))"""
HEADING_ATTRIBUTES = re.compile(r"\{\s*(%s(?:\s+%s)*)\s*\}\s*$" % (_ATTRIBUTE, _ATTRIBUTE))
ATTRIBUTE_ID = re.compile(r"(?:^|\s)#([\w-]+)")
REFERENCE_DEF = re.compile(r"^(?:[ \t]*>)*[ \t]{0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*(?:\n[ \t]*)?(<[^>\n]*>|\S+)", re.MULTILINE)


@functools.lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one configured, position-recording parser (built once per process)."""
    md = MarkdownIt("commonmark", {"linkify": True, "html": True})
    md.enable(["table", "strikethrough", "linkify"])
    # Bare URLs are found by the inline linkify rule, which records positions; the core rule
    # would re-scan text after the fact (www. and fuzzy links) without them. Escapes and
    # entities stay separate tokens (no text_join) so each maps to its own source characters.
    md.core.ruler.disable(["linkify", "text_join"])
    md.use(footnote_plugin)
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    return instrument(md)


class Walker(HtmlText):
    """Turns one token stream into the document model's blocks, links and headings."""

    def __init__(self, doc: Document, env: dict[str, Any]) -> None:
        self.doc = doc
        self.env = env
        self.lines = doc.lines
        self.slugs = SlugMaker()
        self.references = self._reference_definitions()
        self._ids = itertools.count(1)
        HtmlText.__init__(self)

    def walk(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        scope: list[int] = []
        heading: Token | None = None
        in_cell = False
        table = TableCells()
        table_cursor: dict[int, int] = {}
        footnote: dict[str, Any] | None = None
        for token in tokens:
            kind = token.type
            if kind in ("blockquote_open", "list_item_open"):
                containers.append(kind[: -len("_open")])
                scope.append(next(self._ids))
            elif kind in ("blockquote_close", "list_item_close"):
                containers.pop()
                scope.pop()
            elif kind == "heading_open":
                heading = token
            elif kind == "heading_close":
                heading = None
            elif kind == "table_open":
                table = TableCells()
            elif kind == "tr_open":
                table.start_row()
            elif kind in ("th_open", "td_open"):
                in_cell = True
                table.start_cell(header=kind == "th_open")
            elif kind in ("th_close", "td_close"):
                in_cell = False
            elif kind == "footnote_open":
                footnote = {"label": token.meta.get("label", ""), "blocks": [], "line": None}
            elif kind == "footnote_close" and footnote is not None:
                self._add_footnote(footnote)
                footnote = None
            elif kind == "inline" and token.map:
                block_kind = self._block_kind(heading, in_cell, footnote, containers)
                cursor = table_cursor if in_cell else None
                block = self.inline_block(token, block_kind, tuple(containers), cursor)
                block.scope = tuple(scope)
                if in_cell:
                    table.describe(block)
                self.doc.blocks.append(block)
                if heading is not None:
                    self._add_heading(heading, token, block)
                if footnote is not None:
                    footnote["blocks"].append(block)
            elif kind == "html_block" and token.map:
                links = self._html(token.content, align(token.content, token.map[0], self.lines))
                for unit in prose_units(token.content, lambda: next(self._ids)):
                    self._html_prose(token, unit, links, containers, scope)

    @staticmethod
    def _block_kind(heading: Token | None, in_cell: bool, footnote: Any, containers: list[str]) -> BlockKind:
        if heading is not None:
            return BlockKind.HEADING
        if in_cell:
            return BlockKind.TABLE_CELL
        if footnote is not None:
            return BlockKind.FOOTNOTE
        if containers:
            return BlockKind.LIST_ITEM if containers[-1] == "list_item" else BlockKind.BLOCKQUOTE
        return BlockKind.PARAGRAPH

    # -- inline content ---------------------------------------------------------------------

    def inline_block(
        self, token: Token, kind: BlockKind, containers: tuple[str, ...], cursor: dict[int, int] | None
    ) -> ProseBlock:
        content = token.content
        origins = align(content, token.map[0], self.lines, cursor)
        out = ProseBuilder(content, origins)
        block = ProseBlock(kind=kind, text="", source_map=out.source_map, containers=containers)
        link_event: InlineEvent | None = None
        link_text_start = 0
        pos = 0
        events = with_components(content, with_link_schemes(content, events_for(self.env, token.children or [])))
        self._anchor = None
        for event in events:
            if link_event is not None and event.start >= link_event.end:
                pos = max(pos, link_event.end)
                self._add_inline_link(link_event, content, origins, block, (link_text_start, out.length))
                link_event = None
            if event.start < pos:
                continue  # inside an element already consumed as a whole
            self._gap(out, pos, event.start, link_event)
            pos = event.start
            if event.rule == "link" and any(t.type == "link_open" for t in event.tokens):
                link_event, link_text_start = event, out.length
                continue
            self._event(out, event, block, origins)
            pos = event.end
        if link_event is not None:
            pos = max(pos, link_event.end)
            self._add_inline_link(link_event, content, origins, block, (link_text_start, out.length))
        self._gap(out, pos, len(content), None)
        block.text = out.text()
        for link in block.links:
            if link.text_offsets:
                link.text = block.text[link.text_offsets[0] : link.text_offsets[1]]
        return block

    @staticmethod
    def _gap(out: ProseBuilder, start: int, end: int, link_event: InlineEvent | None) -> None:
        """Characters no rule claimed are literal text, except link markup (``[``, ``](…)``)."""
        if link_event is not None:
            start = max(start, min(end, link_event.end))
        out.literal(start, end)

    def _event(self, out: ProseBuilder, event: InlineEvent, block: ProseBlock, origins: Origins) -> None:
        rule, start, end, tokens = event.rule, event.start, event.end, event.tokens
        if rule == "text" or (not tokens and rule not in ("newline",)):
            out.literal(start, end)
        elif rule == "newline" or (rule == "escape" and tokens[0].type == "hardbreak"):
            out.put("\n", start)
        elif rule in ("escape", "entity"):
            out.put(tokens[0].content, start + 1 if rule == "escape" else start)
        elif rule in ("emphasis", "strikethrough"):
            for index, literal in enumerate(event.literal or [True] * (end - start)):
                if literal:
                    out.literal(start + index, start + index + 1)
        elif rule == "backticks" and not any(t.type == "code_inline" for t in tokens):
            out.literal(start, end)
        else:
            self._masked(out, event, block, origins)

    def _masked(self, out: ProseBuilder, event: InlineEvent, block: ProseBlock, origins: Origins) -> None:
        """Inline code, HTML, images, autolinks, bare URLs, footnote marks: one MASK each."""
        rule, tokens, span = event.rule, event.tokens, origins.span(event.start, event.end)
        text = out.content[event.start : event.end]
        if rule == "footnote_ref":
            block.footnote_refs.append((tokens[0].meta.get("label", ""), out.length))
        elif rule in ("autolink", "linkify"):
            url = tokens[0].attrs.get("href", "") if tokens else text
            written = text[1:-1] if rule == "autolink" else text
            kind = LinkKind.AUTOLINK if rule == "autolink" else LinkKind.BARE
            start = event.start + (1 if rule == "autolink" else 0)
            self._add_link(Link(written or str(url), kind, span, text=written, url_span=origins.span(start, start + len(written)), block=block))
        elif rule == "image":
            self._add_image(event, out.content, origins, block)
        elif rule == "html_inline":
            self._inline_html(text, origins, event.start, block, out.length)
        elif rule == "backticks":
            self._jsx_template_href(out.content, event, origins)
        out.put(MASK, event.start)

    def _jsx_template_href(self, content: str, event: InlineEvent, origins: Origins) -> None:
        """MDX ``<Card href={`https://…`} />``: to Markdown a paragraph with a code span; the
        span is a link when ``href={`` comes just before it and ``}`` just after."""
        before = content[max(0, event.start - 40) : event.start]
        if not JSX_EXPRESSION_START.search(before) or not content[event.end : event.end + 20].lstrip().startswith("}"):
            return
        fence = len(event.tokens[0].markup) if event.tokens else 1
        start, end = event.start + fence, event.end - fence
        span = origins.span(event.start, event.end)
        self._add_link(Link(content[start:end], LinkKind.HTML, span, url_span=origins.span(start, end)))

    def _add_inline_link(
        self, event: InlineEvent, content: str, origins: Origins, block: ProseBlock, offsets: tuple[int, int]
    ) -> None:
        opening = next(t for t in event.tokens if t.type == "link_open")
        link = self._destination(content, event, label_end(content, event), origins, str(opening.attrs.get("href", "")))
        link.block = block
        link.text_offsets = offsets  # the text itself is filled in once the block is complete
        self._add_link(link)

    def _add_image(self, event: InlineEvent, content: str, origins: Origins, block: ProseBlock) -> None:
        image = next((t for t in event.tokens if t.type == "image"), None)
        if image is None:
            return
        label_end = content.find("](", event.start)
        label_end = label_end if 0 <= label_end < event.end else content.find("]", event.start)
        link = self._destination(content, event, label_end, origins, str(image.attrs.get("src", "")))
        link.kind = LinkKind.IMAGE
        link.span = origins.span(event.start, event.end)
        link.text = image.content
        link.block = block
        self._add_link(link)

    def _destination(self, content: str, event: InlineEvent, label_end: int, origins: Origins, href: str) -> Link:
        """The destination exactly as written: inline ``(url "title")`` or a reference."""
        after = label_end + 1
        span = origins.span(event.start, event.end)
        if after < event.end and content[after] == "(":
            pos = after + 1
            while pos < event.end and content[pos] in " \t\n":
                pos += 1
            result = parseLinkDestination(content, pos, event.end)
            if result.ok:
                written = content[pos : result.pos]
                start, stop = pos, result.pos
                if written.startswith("<") and written.endswith(">"):
                    written, start, stop = written[1:-1], start + 1, stop - 1
                after_url = result.pos
                while after_url < event.end and content[after_url] in " \t\n":
                    after_url += 1
                title = parseLinkTitle(content, after_url, event.end)
                return Link(
                    written, LinkKind.INLINE, span, url_span=origins.span(start, stop) if stop > start else None,
                    title=title.str if title.ok else None,
                )
        label = content[event.start + 1 : label_end]
        if after < event.end and content[after] == "[":
            close = content.find("]", after)
            if close > after + 1:
                label = content[after + 1 : close]
        if label.startswith("["):
            label = label[1:]
        url, url_span = self.references.get(normalizeReference(label), (href, None))
        return Link(url, LinkKind.REFERENCE, span, url_span=url_span, reference=label)

    def _html(self, html: str, origins: Origins, base: int = 0, block: ProseBlock | None = None) -> list[Link]:
        """Comments, ``href``/``src`` attributes and ``id``/``name`` anchors in raw HTML (the
        links are returned, and belong to ``block`` when it is given)."""
        links = []
        comments = html_comments(html)
        for start, end in comments:
            self.doc.comments.append(Comment(html[start + 4 : end - 3], origins.span(base + start, base + end)))
        without_comments = blanked(html, comments)
        for match in HTML_ATTRIBUTE.finditer(without_comments):
            group = next(g for g in range(2, 8) if match.group(g) is not None)
            start, end = base + match.start(group), base + match.end(group)
            tag = origins.span(base + match.start(), base + match.end())
            value = match.group(group)
            url_span = origins.span(start, end) if end > start else None
            links.append(Link(value, LinkKind.HTML, tag, url_span=url_span, block=block))
            self._add_link(links[-1])
        for match in HTML_ANCHOR.finditer(without_comments):
            self.doc.anchors.add(match.group(1))
        return links

    def _add_link(self, link: Link) -> None:
        self.doc.links.append(link)
        if link.block is not None:
            link.block.links.append(link)

    # -- headings, footnotes, references -----------------------------------------------------

    def _add_heading(self, opening: Token, inline: Token, block: ProseBlock) -> None:
        rendered = "".join(
            child.content for child in inline.children or [] if child.type in ("text", "code_inline", "text_special")
        )
        attributes = HEADING_ATTRIBUTES.search(rendered)
        if attributes:
            self.doc.anchors.update(ATTRIBUTE_ID.findall(attributes.group(1)))
            rendered = rendered[: attributes.start()]
        line = inline.map[0] + 1 if inline.map else 1
        span = Span(Position(line, 1), Position(line, len(self.doc.line_text(line)) + 1))
        level = int(opening.tag[1:]) if opening.tag[1:].isdigit() else 1
        self.doc.headings.append(Heading(level, rendered.strip(), self.slugs.slug(rendered), span))

    def _add_footnote(self, footnote: dict[str, Any]) -> None:
        blocks: list[ProseBlock] = footnote["blocks"]
        if not blocks:
            return
        start = blocks[0].start
        last = blocks[-1]
        end = last.span(max(0, len(last.text) - 1), max(1, len(last.text))).end if last.text else start
        urls = [link.url for block in blocks for link in block.links]
        text = "\n".join(block.text for block in blocks)
        label = footnote["label"]
        self.doc.footnotes[label] = FootnoteDef(label, text, urls, Span(start, end))

    def _reference_definitions(self) -> dict[str, tuple[str, Span | None]]:
        """Label → (destination as written, its span) for every reference definition."""
        found: dict[str, tuple[str, Span | None]] = {}
        for first, last in self.env.get(ENV_REFERENCES, []):
            chunk = "\n".join(self.lines[first:last])
            origins = align(chunk, first, self.lines)
            for match in REFERENCE_DEF.finditer(chunk):
                label = normalizeReference(match.group(1))
                url, start = match.group(2), match.start(2)
                if url.startswith("<") and url.endswith(">"):
                    url, start = url[1:-1], start + 1
                found.setdefault(label, (url, origins.span(start, start + len(url)) if url else None))
        return found
