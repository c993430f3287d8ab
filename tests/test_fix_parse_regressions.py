"""Parser regressions found while running fix and the utm/proof checks over the real corpus."""

from __future__ import annotations

from postcheck.parse import parse_text


def test_impossible_front_matter_date_is_kept_not_a_traceback():
    doc = parse_text("---\ntitle: Post\ndate: 2023-13-45\n---\nBody with [a link](https://acme.example/a).\n")
    assert doc.problem is None and doc.front_matter.unreadable == ["date"]
    assert doc.readable and [link.url for link in doc.links] == ["https://acme.example/a"]
