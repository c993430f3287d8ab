"""The walker's handling of text written in HTML: an HTML block's runs of text become prose
blocks, and an inline ``<a href>`` becomes a link with its text (see :mod:`.html` for which
text is prose). Kept apart so :mod:`.markdown` stays about Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

from postcheck.model import BlockKind, Link, ProseBlock, Span
from postcheck.parse.align import Origins
from postcheck.parse.html import Unit, closes_anchor, opens_anchor
from postcheck.parse.positions import ENV_KEY

#: The block kind of a run of text in an HTML block, by the element it is in.
HTML_KINDS = {
    "li": BlockKind.LIST_ITEM,
    "td": BlockKind.TABLE_CELL,
    "th": BlockKind.TABLE_CELL,
    "blockquote": BlockKind.BLOCKQUOTE,
    **{f"h{level}": BlockKind.HEADING for level in range(1, 7)},
}


class HtmlText:
    """Mixed into :class:`~postcheck.parse.markdown.Walker`."""

    if TYPE_CHECKING:
        doc: Any
        env: dict[str, Any]

        def inline_block(self, token: Token, kind: BlockKind, containers: tuple[str, ...], cursor: dict[int, int] | None) -> ProseBlock: ...
        def _html(self, html: str, origins: Origins, base: int = 0, block: ProseBlock | None = None) -> list[Link]: ...
        @staticmethod
        def _block_kind(heading: Token | None, in_cell: bool, footnote: Any, containers: list[str]) -> BlockKind: ...

    def __init__(self) -> None:
        #: An inline ``<a href>`` whose text is being read: the link and where its text starts.
        self._anchor: tuple[Link, int] | None = None
        #: While reading the text of an HTML block: the links its tags were found to hold.
        self._block_links: list[Link] | None = None

    def _html_prose(self, token: Token, unit: Unit, links: list[Link], containers: list[str], scope: list[int]) -> None:
        """A run of text in an HTML block, as a prose block of its own. It is read as inline
        Markdown (kramdown's ``markdown="1"`` and MDX children are Markdown); its ``<a href>``
        tags are links already collected with the block, now given to this block."""
        from postcheck.parse.markdown import markdown  # the one configured parser (imports this module)

        assert token.map is not None
        inline = markdown().parseInline(token.content[unit.start : unit.end], self.env)[0]
        inline.map = [token.map[0] + token.content.count("\n", 0, unit.start), token.map[1]]
        kind = HTML_KINDS.get(unit.innermost) or self._block_kind(None, False, None, containers)
        self._block_links = links
        block = self.inline_block(inline, kind, (*containers, *unit.containers), None)
        self._block_links = None
        # The events are filed under the id of the token list, which a later list may reuse.
        self.env.get(ENV_KEY, {}).pop(id(inline.children), None)
        block.scope = (*scope, *unit.scope)
        self.doc.blocks.append(block)

    def _inline_html(self, text: str, origins: Origins, start: int, block: ProseBlock, offset: int) -> None:
        """An inline tag (masked in the prose, at ``offset``): an ``<a href>`` is a link of
        the block, with the text up to its ``</a>`` as its text."""
        if opens_anchor(text):
            if self._block_links is None:
                links = self._html(text, origins, start, block)
            else:
                links = self._known(block, origins.span(start, start + len(text)))
            self._anchor = (links[0], offset + 1) if links else None
        elif closes_anchor(text) and self._anchor is not None:
            link, text_start = self._anchor
            link.text_offsets = (text_start, offset)
            self._anchor = None
        elif self._block_links is None:
            self._html(text, origins, start)

    def _known(self, block: ProseBlock, tag: Span) -> list[Link]:
        """The links of the HTML block written inside ``tag``, now given to ``block``."""
        links = [link for link in self._block_links or [] if tag.start <= link.span.start < tag.end]
        for link in links:
            link.block = block
            block.links.append(link)
        return links

