"""An impossible date in front matter (found in the real corpus: PostHog's
``date: 2024-27-06``) must not crash the parser: the value is kept as written (and reported by
the front-matter check), so the rest of the front matter (``sponsored``) still applies."""

from pathlib import Path

from postcheck.parse import parse_bytes


def test_impossible_date_is_kept_as_text():
    doc = parse_bytes(b"---\ntitle: Case study\ndate: 2024-27-06\nsponsored: true\n---\nBody.\n", Path("x.md"), "x.md")
    assert doc.problem is None and doc.front_matter.unreadable == ["date"]
    assert doc.front_matter.get("sponsored") is True
    assert doc.front_matter.get("date") == "2024-27-06"
    assert doc.front_matter.key_lines["sponsored"] == 4


def test_valid_date_is_still_a_date():
    doc = parse_bytes(b"---\ndate: 2024-06-27\n---\nBody.\n", Path("x.md"), "x.md")
    assert str(doc.front_matter.get("date")) == "2024-06-27"
    assert not isinstance(doc.front_matter.get("date"), str)
