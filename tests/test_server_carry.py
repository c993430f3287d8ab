"""Network findings from the last save follow their text while the writer types."""

from __future__ import annotations

from pathlib import Path

from postcheck.findings import Finding, Severity
from postcheck.model import Document, Position, Span
from postcheck.runner import check_text
from postcheck.server import carry

URL = "https://example.org/gone"
SAVED = f"# T\n\nSee [the page]({URL}).\n"


def broken(text: str, line: int) -> Finding:
    column = text.split("\n")[line - 1].index(URL) + 1
    span = Span(Position(line, column), Position(line, column + len(URL)))
    return Finding("links/broken", Severity.ERROR, "post.md", span, f"Broken link: {URL}")


def report(text: str, registry):
    return check_text(text, registry, root=Path("/nonexistent"))


def test_a_finding_follows_its_text_to_a_new_line(registry):
    saved = report(SAVED, registry)
    results = carry.remember(saved.doc, [broken(SAVED, 3)])
    typed = "# T\n\nA new paragraph.\n\n" + SAVED.split("\n\n", 1)[1]
    merged = carry.merge(report(typed, registry), results)
    assert [(f.rule, f.span) for f in merged.findings] == [("links/broken", broken(typed, 5).span)]
    assert {row.family: row.status for row in merged.rows}["links"] == "fail"
    assert merged.verdict == "fail"


def test_the_nearest_occurrence_is_chosen():
    lines = [URL, "x", "x", URL, "x"]
    doc = Document(path="p.md", abspath=Path("p.md"), lines=lines)
    found = Finding("links/broken", Severity.ERROR, "p.md", Span(Position(4, 1), Position(4, len(URL) + 1)), "m")
    kept = carry.remember(doc, [found]).carried
    assert carry.follow(kept, doc)[0].span.start == Position(4, 1)
    moved = Document(path="p.md", abspath=Path("p.md"), lines=["new", *lines])
    assert carry.follow(kept, moved)[0].span.start == Position(5, 1)


def test_editing_the_link_drops_it_and_a_new_waiver_waives_it(registry):
    saved = report(SAVED, registry)
    results = carry.remember(saved.doc, [broken(SAVED, 3)])
    edited = report(SAVED.replace("/gone", "/here"), registry)
    assert carry.merge(edited, results).findings == []
    waived = SAVED.replace("See", "<!-- postcheck-disable-next-line links/broken -- moved -->\nSee")
    merged = carry.merge(report(waived, registry), results)
    assert merged.findings == [] and [f.rule for f in merged.suppressed] == ["links/broken"]


def test_the_links_row_counts_as_checked_only_for_the_saved_text(registry):
    text = "# T\n\nSee [the page](https://example.org/fine).\n"
    offline = report(text, registry)
    assert {row.family: row.status for row in offline.rows}["links"] == "skipped"
    results = carry.remember(offline.doc, [])
    assert {row.family: row.status for row in carry.merge(offline, results).rows}["links"] == "pass"
    later = report(text + "\nMore.\n", registry)
    assert {row.family: row.status for row in carry.merge(later, results).rows}["links"] == "skipped"
