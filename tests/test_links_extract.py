"""Every way a post can carry a link reaches the links check, with its exact position, and
nothing inside code or comments does."""

from __future__ import annotations

from pathlib import Path

from postcheck.checks.links.targets import Kind, targets_of
from postcheck.parse import parse_bytes

POST = """---
title: Links everywhere
---
Inline [a](https://a.example/x "Title") and [angle](<https://b.example/with space>).
Refs [full][r], [collapsed][] and [shortcut]. Auto <https://c.example/auto>.
Bare https://d.example/path, then (see https://e.example/p). End https://f.example/q.
Image ![alt](img/pic.png) and <a href="https://g.example/h">x</a> <img src='img/h.png'>.
Decoy `https://code.example/inline` in inline code.

```
https://fence.example/no [x](https://fence2.example/no)
[r2]: https://fence-ref.example/no
```

    https://indented.example/no

<!-- [c](https://comment.example/no) https://comment2.example/no -->

Footnote[^1]. Wiki https://w.example/wiki/Foo_(bar) and "https://quote.example/y".

<Card href="https://jsx.example/block" title="x">
  content
</Card>

Jump to [top](#links-everywhere), [file](../other.md#sec), [mail](mailto:a@example.com), [tel](tel:+40700000000).

[r]: https://r.example/ref
[collapsed]: <https://coll.example/c d>
[shortcut]: https://s.example/short "Title"
[^1]: See https://fn.example/note and [fn](https://fn2.example/).
"""

EXPECTED = [
    ("https://a.example/x", Kind.REMOTE, 4, 12),
    ("https://b.example/with space", Kind.REMOTE, 4, 54),
    ("https://r.example/ref", Kind.REMOTE, 27, 6),
    ("https://coll.example/c d", Kind.REMOTE, 28, 15),
    ("https://s.example/short", Kind.REMOTE, 29, 13),
    ("https://c.example/auto", Kind.REMOTE, 5, 53),
    ("https://d.example/path", Kind.REMOTE, 6, 6),
    ("https://e.example/p", Kind.REMOTE, 6, 40),
    ("https://f.example/q", Kind.REMOTE, 6, 66),
    ("img/pic.png", Kind.LOCAL, 7, 14),
    ("https://g.example/h", Kind.REMOTE, 7, 40),
    ("img/h.png", Kind.LOCAL, 7, 77),
    ("https://w.example/wiki/Foo_(bar)", Kind.REMOTE, 19, 20),
    ("https://quote.example/y", Kind.REMOTE, 19, 58),
    ("https://jsx.example/block", Kind.REMOTE, 21, 13),
    ("#links-everywhere", Kind.SAME_PAGE, 25, 15),
    ("../other.md", Kind.LOCAL, 25, 42),
    ("mailto:a@example.com", Kind.IGNORED, 25, 67),
    ("tel:+40700000000", Kind.IGNORED, 25, 96),
    ("https://fn.example/note", Kind.REMOTE, 30, 11),
    ("https://fn2.example/", Kind.REMOTE, 30, 44),
]


def _targets(text: str, name: str = "post.md"):
    doc = parse_bytes(text.encode("utf-8"), Path("/nowhere") / name, name)
    return doc, targets_of(doc, [])


def test_every_form_is_found_with_its_position_and_no_decoy():
    doc, targets = _targets(POST)
    got = sorted(
        ((t.resource if t.kind is not Kind.SAME_PAGE else "#" + t.fragment), t.kind, t.span.start.line, t.span.start.column)
        for t in targets
    )
    assert got == sorted(EXPECTED)
    for target in targets:
        line = doc.line_text(target.span.start.line)
        written = line[target.span.start.column - 1 : target.span.end.column - 1]
        assert written == target.link.url, (written, target.link.url)
    assert not [t for t in targets if t.resource.endswith("/no") or "code.example" in t.resource]


def test_trailing_punctuation_is_not_part_of_a_bare_url():
    _, targets = _targets("Read https://a.example/x. Or https://b.example/y, or https://c.example/z!\nAnd (https://d.example/w).\n")
    assert [t.resource for t in targets] == ["https://a.example/x", "https://b.example/y", "https://c.example/z", "https://d.example/w"]


def test_fragments_are_split_and_decoded():
    _, targets = _targets("[a](https://a.example/p#Sec%C8%9Biune) [b](other.md?x=1#part) [c](#top)\n")
    assert [(t.kind, t.resource, t.fragment) for t in targets] == [
        (Kind.REMOTE, "https://a.example/p", "Secțiune"),
        (Kind.LOCAL, "other.md", "part"),
        (Kind.SAME_PAGE, "", "top"),
    ]


def test_mdx_jsx_href_is_found():
    text = 'import X from "./x"\n\n<Button href="https://jsx.example/inline" /> and <Link href={"https://jsx.example/braces"}>x</Link>.\n'
    _, targets = _targets(text, "post.mdx")
    assert [(t.resource, t.span.start.line) for t in targets] == [
        ("https://jsx.example/inline", 3),
        ("https://jsx.example/braces", 3),
    ]


def test_mdx_jsx_expression_hrefs_are_read():
    """``href={`…`}`` and ``href={'…'}`` in a JSX block; a template with ``${…}`` is only
    known at build time, and ``href={url}`` is a variable."""
    text = (
        "<Card href={`https://jsx.example/template`} />\n<Card href={ 'https://jsx.example/single' } />\n"
        "<Card href={`https://jsx.example/${slug}`} />\n<Card href={url} />\n"
    )
    _, targets = _targets(text, "post.mdx")
    assert [(t.kind, t.resource, t.span.start.line, t.span.start.column) for t in targets] == [
        (Kind.REMOTE, "https://jsx.example/template", 1, 14),
        (Kind.REMOTE, "https://jsx.example/single", 2, 15),
        (Kind.IGNORED, "https://jsx.example/${slug}", 3, 14),
    ]


def test_malformed_and_unsupported_destinations():
    _, targets = _targets("[e]() [s](<https://exa mple.com/>) [p](https://example.com:99999/) [f](ftp://ftp.example.com/x) [o](//cdn.example/x.js)\n")
    assert [(t.kind, bool(t.reason)) for t in targets] == [
        (Kind.MALFORMED, True),
        (Kind.MALFORMED, True),
        (Kind.MALFORMED, True),
        (Kind.UNSUPPORTED, True),
        (Kind.REMOTE, False),
    ]
    assert targets[-1].resource == "https://cdn.example/x.js"


def test_heading_attribute_blocks_give_ids_and_leave_the_slug():
    """Parser: kramdown/Pandoc/goldmark attribute blocks after a heading."""
    text = "## Plain {#plain-id}\n\n## `Easy CLA` {.notranslate lang=en}\n\n### Localization {.notranslate lang=en #localization}\n\n## Not {attributes here}\n"
    doc = parse_bytes(text.encode("utf-8"), Path("/nowhere/post.md"), "post.md")
    assert [h.slug for h in doc.headings] == ["plain", "easy-cla", "localization", "not-attributes-here"]
    assert doc.anchors == {"plain-id", "localization"}
