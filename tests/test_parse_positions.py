"""Every character of prose maps back to its exact line and column in the original file."""

from __future__ import annotations

from postcheck.model import MASK, BlockKind, LinkKind
from postcheck.parse import parse_bytes, parse_text
from pathlib import Path


def position_of(doc, needle):
    """The (line, column) where ``needle`` starts in the prose, via the source map."""
    for block in doc.blocks:
        index = block.text.find(needle)
        if index >= 0:
            start = block.source_map.position(index)
            return start.line, start.column
    raise AssertionError(f"{needle!r} not in prose: {[b.text for b in doc.blocks]}")


def assert_maps_exactly(doc):
    """Each prose character (but masks and line breaks) is the character at its position."""
    for block in doc.blocks:
        for index, char in enumerate(block.text):
            if char in (MASK, "\n"):
                continue
            pos = block.source_map.position(index)
            assert doc.line_text(pos.line)[pos.column - 1] == char, (block.text, index, pos)


def test_front_matter_lines_are_counted():
    doc = parse_text("---\ntitle: Hi\nlang: en\n---\n\nGuaranteed text here.\n")
    assert position_of(doc, "Guaranteed") == (6, 1)
    assert doc.front_matter.key_lines == {"title": 2, "lang": 3}
    assert_maps_exactly(doc)


def test_title_is_prose_at_its_value():
    doc = parse_text('---\ntitle: "Big news"\n---\nBody.\n')
    assert doc.blocks[0].kind is BlockKind.TITLE
    assert position_of(doc, "news") == (2, 13)


def test_crlf_line_ends():
    doc = parse_bytes(b"---\r\ntitle: A\r\n---\r\nFirst line\r\nsecond *line* here\r\n", Path("x.md"), "x.md")
    assert doc.newline == "\r\n"
    assert position_of(doc, "here") == (5, 15)
    assert_maps_exactly(doc)


def test_bom_is_not_a_column():
    doc = parse_bytes("\ufeffHello world\n".encode(), Path("x.md"), "x.md")
    assert doc.has_bom
    assert position_of(doc, "world") == (1, 7)


def test_tabs_count_as_one_column():
    doc = parse_text("Tab\there and\tthere\n")
    assert position_of(doc, "there") == (1, 14)


def test_multibyte_characters_count_as_one_column():
    doc = parse_text("Ședința 🚀 a început: garantăm rezultatul.\n")
    assert position_of(doc, "garantăm") == (1, 22)  # the emoji is one column
    assert_maps_exactly(doc)


def test_list_item_table_cell_and_blockquote_positions():
    text = (
        "- first item\n"
        "  - nested **bold** item\n"
        "\n"
        "| Plan | Note |\n"
        "|------|------|\n"
        "| Pro  | best deal |\n"
        "\n"
        "> quoted line\n"
        "> second *quoted* line\n"
    )
    doc = parse_text(text)
    kinds = {block.text: block.kind for block in doc.blocks}
    assert kinds["nested bold item"] is BlockKind.LIST_ITEM
    assert kinds["best deal"] is BlockKind.TABLE_CELL
    assert kinds["quoted line\nsecond quoted line"] is BlockKind.BLOCKQUOTE
    assert position_of(doc, "bold") == (2, 14)
    assert position_of(doc, "best deal") == (6, 10)
    assert position_of(doc, "second") == (9, 3)
    assert_maps_exactly(doc)


def test_same_text_in_several_cells_of_one_row():
    doc = parse_text("| a | b |\n|---|---|\n| x | x |\n")
    cells = [b for b in doc.blocks if b.text == "x"]
    assert [c.source_map.position(0).column for c in cells] == [3, 7]


def test_code_html_urls_comments_and_front_matter_are_not_prose():
    text = (
        "---\n"
        "campaign: guaranteed-results\n"
        "---\n"
        "Use `guaranteed results` inline.\n"
        "\n"
        "```\n"
        "guaranteed results in a fence\n"
        "```\n"
        "\n"
        "    guaranteed results indented\n"
        "\n"
        "<div title=\"guaranteed results in an attribute\"><script>guaranteed results in a script</script></div>\n"
        "\n"
        "<!-- guaranteed results in a comment -->\n"
        "\n"
        "See https://example.com/guaranteed-results and <https://example.com/guaranteed>.\n"
        "[text](https://example.com/guaranteed-results \"guaranteed title\")\n"
    )
    doc = parse_text(text)
    prose = "\n".join(block.text for block in doc.blocks)
    assert "guaranteed" not in prose.lower(), prose
    assert prose.count(MASK) == 3  # inline code, bare URL, autolink


def test_markup_is_dropped_and_escapes_entities_kept():
    doc = parse_text("**Bold** and _em_ and ~~gone~~ \\*literal\\* &amp; 3 * 4\n")
    assert doc.blocks[0].text == "Bold and em and gone *literal* & 3 * 4"
    assert_maps_exactly(doc)


def test_soft_line_breaks_are_kept():
    doc = parse_text("guaranteed\nresults\n")
    assert doc.blocks[0].text == "guaranteed\nresults"
    assert position_of(doc, "results") == (2, 1)


def test_links_of_every_kind_keep_their_destination_as_written():
    text = (
        "An [inline](https://a.example/x?q=1 \"T\") link, a [ref][r], a [collapsed][], "
        "<https://auto.example>, a bare https://bare.example/p). and ![img](<pic one.png>).\n"
        "\n"
        '<a href="https://html.example/page">html</a>\n'
        "\n"
        "[r]: https://ref.example/r\n"
        "[collapsed]: <https://ref.example/c>\n"
    )
    doc = parse_text(text)
    found = {(link.kind, link.url) for link in doc.links}
    assert found == {
        (LinkKind.INLINE, "https://a.example/x?q=1"),
        (LinkKind.REFERENCE, "https://ref.example/r"),
        (LinkKind.REFERENCE, "https://ref.example/c"),
        (LinkKind.AUTOLINK, "https://auto.example"),
        (LinkKind.BARE, "https://bare.example/p"),
        (LinkKind.IMAGE, "pic one.png"),
        (LinkKind.HTML, "https://html.example/page"),
    }
    for link in doc.links:
        span = link.url_span
        assert span is not None, link
        line = doc.line_text(span.start.line)
        assert line[span.start.column - 1 : span.end.column - 1] == link.url, link
    inline = next(l for l in doc.links if l.kind is LinkKind.INLINE)
    assert inline.text == "inline" and inline.title == "T"


def test_headings_get_github_slugs_and_explicit_ids():
    doc = parse_text("# Why 42% of teams fail?\n\n## Setup\n\n## Setup\n\n## Custom {#my-id}\n")
    assert [h.slug for h in doc.headings] == ["why-42-of-teams-fail", "setup", "setup-1", "custom"]
    assert "my-id" in doc.anchors


def test_footnotes_and_references_to_them():
    doc = parse_text("A claim[^src].\n\n[^src]: From [the report](https://r.example/2026).\n")
    assert doc.footnotes["src"].urls == ["https://r.example/2026"]
    block = doc.blocks[0]
    assert block.footnote_refs and block.footnote_refs[0][0] == "src"


def test_comments_are_collected_with_positions():
    doc = parse_text("Text <!-- inline note --> more\n\n<!-- block note -->\n")
    assert [(c.text.strip(), c.span.start.line, c.span.start.column) for c in doc.comments] == [
        ("inline note", 1, 6),
        ("block note", 3, 1),
    ]


def test_mdx_import_lines_are_not_prose(tmp_path):
    path = tmp_path / "post.mdx"
    path.write_text("import Chart from './Chart'\n\nGuaranteed prose.\n", encoding="utf-8")
    from postcheck.parse import parse_file

    doc = parse_file(path)
    assert [b.text for b in doc.blocks] == ["Guaranteed prose."]


def test_title_positions_follow_yaml_quoting_escapes_and_folding():
    folded = parse_text("---\ntitle: >\n  Our guaranteed\n  results story\n---\nBody.\n")
    assert folded.blocks[0].text == "Our guaranteed results story"
    assert position_of(folded, "guaranteed") == (3, 7)
    assert position_of(folded, "results") == (4, 3)
    quoted = parse_text('---\ntitle: "Big\n  news, \\"really\\""\n---\nBody.\n')
    assert position_of(quoted, "news") == (3, 3)
    assert position_of(quoted, "really") == (3, 11)
    doubled = parse_text("---\ntitle: 'It''s guaranteed'\n---\nBody.\n")
    assert position_of(doubled, "guaranteed") == (2, 15)
    toml = parse_text('+++\ntitle = "Plain guaranteed"\n+++\nBody.\n')
    assert position_of(toml, "guaranteed") == (2, 16)
    assert_maps_exactly(doubled)
    assert_maps_exactly(quoted)
