"""HTML and MDX in posts: text inside HTML blocks is prose (at its exact place), tags and
component attributes are not, an inline ``<a href>`` is a link with its text, and table cells
know their column header."""

from __future__ import annotations

import time

import pytest

from postcheck.model import MASK, BlockKind
from postcheck.parse import parse_text
from postcheck.parse.html import prose_units


def _block(doc, needle):
    return next(block for block in doc.blocks if needle in block.text)


def _where(doc, needle):
    block = _block(doc, needle)
    position = block.source_map.position(block.text.index(needle))
    return position.line, position.column


def test_text_inside_html_blocks_is_prose_at_its_place():
    text = (
        "<aside class=\"pquote\">\n"
        "  <img src=\"https://example.com/a.png\" alt=\"avatar\">\n"
        "  <p>\n"
        "    Acme serves 20 million users.\n"
        "  </p>\n"
        "  <ul><li>First item</li><li>Second <em>item</em></li></ul>\n"
        "  <table><tr><td>Cell text</td></tr></table>\n"
        "</aside>\n"
    )
    doc = parse_text(text)
    assert _where(doc, "Acme serves") == (4, 5)
    assert _where(doc, "Second") == (6, 30)
    assert _block(doc, "First item").kind is BlockKind.LIST_ITEM
    assert _block(doc, "Second").text == f"Second {MASK}item{MASK}"
    assert _block(doc, "Cell text").kind is BlockKind.TABLE_CELL
    assert _block(doc, "Acme serves").containers == ("aside", "p")


def test_blocks_of_one_html_element_share_its_scope():
    doc = parse_text("<aside>\n<p>Quoted 45% figure.</p>\n<p>— Ann, <a href=\"https://example.com/r\">Report</a></p>\n</aside>\n\n<aside><p>Other</p></aside>\n")
    quote, credit, other = doc.blocks
    assert quote.scope[0] == credit.scope[0] != other.scope[0]


def test_tags_attributes_scripts_and_comments_are_not_prose():
    text = (
        "<div title=\"Trusted by 2 million\" data-x='45%'>\n"
        "<script>const claim = \"3x faster\";</script><style>.a { width: 45%; }</style>\n"
        "<!-- 45% in a comment --><pre>99% in pre</pre>\n"
        "</div>\n"
    )
    assert parse_text(text).blocks == []


def test_mdx_component_attributes_are_not_prose():
    text = (
        "<BorderWrapper>\n"
        "    <Quote\n"
        "        name=\"Joe\"\n"
        "        quote={`“Acme is far cheaper > the rest, 45% cheaper”`}\n"
        "    />\n"
        "</BorderWrapper>\n"
        "\n"
        "<Quote\n"
        "    quote={`“A 3x improvement”`}\n"
        "/>\n"
        "\n"
        "<Caption>Growth over time</Caption>\n"
    )
    doc = parse_text(text, "post.mdx")
    prose = "\n".join(block.text for block in doc.blocks)
    assert "45%" not in prose and "3x" not in prose and "Joe" not in prose
    assert "Growth over time" in prose


def test_inline_html_anchor_is_a_link_with_its_text():
    doc = parse_text("The <a href=\"https://example.com/report\">2026 benchmark report</a> found 45% growth.\n")
    block = doc.blocks[0]
    [link] = block.links
    assert link.url == "https://example.com/report"
    assert link.text == "2026 benchmark report"
    assert link in doc.links


def test_anchor_inside_an_html_block_is_listed_once_and_belongs_to_its_text():
    doc = parse_text("<p>See the <a href=\"https://example.com/r\">survey</a> for 45%.</p>\n")
    assert [link.url for link in doc.links] == ["https://example.com/r"]
    assert doc.blocks[0].links[0].text == "survey"


def test_markdown_inside_html_blocks_is_read():
    doc = parse_text("<p markdown=\"1\">\n— @ann, [\"A talk\"](https://example.com/talk)\n</p>\n")
    assert [(link.url, link.text) for link in doc.blocks[0].links] == [("https://example.com/talk", "\"A talk\"")]


def test_table_cells_know_their_header_and_row_label():
    doc = parse_text("| Metric | Baseline | Target |\n| --- | --- | --- |\n| Save rate | 1% | 3% |\n")
    target = next(block for block in doc.blocks if block.text == "3%")
    assert target.table_context == ("Target", "Save rate")


@pytest.mark.parametrize("piece", ["<a title=\"x ", "<Quote q={`", "<p>{{{", "<!-- ", "<x y='"])
def test_the_tag_scanner_stays_linear_on_unclosed_tags(piece):
    text = "<div>" + piece * 40000 + "</div>\n"
    started = time.perf_counter()
    prose_units(text, iter(range(10**6)).__next__)
    assert time.perf_counter() - started < 2
