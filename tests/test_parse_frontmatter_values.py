"""Front matter values that YAML recognises but cannot build (a real post in the shared corpus
has ``date: 2024-27-06``): the value is kept as written and its key is marked unreadable, so the
front-matter check can report it (a warning when postcheck does not need the key), never a
traceback and never an unwaivable parse error that hides the rest of the post."""

from __future__ import annotations

from postcheck.parse import parse_text
from postcheck.runner import check_text


def test_an_impossible_date_marks_its_key_and_the_post_is_read() -> None:
    doc = parse_text("---\ntitle: Customer story\ndate: 2024-27-06\n---\nBody text.\n")

    assert doc.problem is None
    assert doc.front_matter.unreadable == ["date"]
    assert doc.front_matter.get("date") == "2024-27-06"
    assert doc.readable and doc.blocks  # the body is still checked


def test_an_impossible_date_in_a_list_marks_the_key_holding_it() -> None:
    doc = parse_text("---\nevents:\n  - 2024-01-01\n  - 2024-02-30\n---\nBody.\n")

    assert doc.problem is None and doc.front_matter.unreadable == ["events"]


def test_an_impossible_date_is_a_warning_at_its_value(registry) -> None:
    report = check_text("---\ntitle: Customer story\ndate: 2024-27-06\n---\nA calm post.\n", registry, lang="en")

    [finding] = report.findings
    assert (finding.rule, finding.severity.value) == ("postcheck/front-matter", "warning")
    assert (finding.span.start.line, finding.span.start.column, finding.span.end.column) == (3, 7, 17)
    assert "'date: 2024-27-06'" in finding.message and report.verdict == "warn"


def test_an_unreadable_key_postcheck_needs_is_an_error(registry) -> None:
    report = check_text("---\nlang: en\ntopics: [ai, 2024-02-30]\n---\nA calm post.\n", registry, lang="en",
                        config={"proof": {"pages": ["https://acme.example/trust"]}})
    [finding] = [f for f in report.findings if f.rule == "postcheck/front-matter"]
    assert (finding.rule, finding.severity.value, finding.span.start.line) == ("postcheck/front-matter", "error", 3)


def test_values_postcheck_cannot_use_are_named_with_what_the_key_accepts(registry) -> None:
    report = check_text("---\nlang: xx\nsponsored: maybe\nchannel: [linkedin, x]\n---\nA calm post.\n", registry,
                        config={"utm": {"domains": ["acme.example"]}})
    found = [(f.span.start.line, f.severity.value, f.message) for f in report.findings]
    assert found == [
        (2, "error", "Front matter 'lang: xx' is not a value postcheck can use; expected en or ro (or a tag such as en-GB, ro-RO)."),
        (3, "error", "Front matter 'sponsored: maybe' is not a value postcheck can use; expected true or false."),
        (4, "error", "Front matter 'channel: [linkedin, x]' is not a value postcheck can use; expected one name, as text (such as linkedin)."),
    ]


def test_a_key_no_check_of_the_run_reads_is_a_warning(registry) -> None:
    report = check_text("---\nlang: en\nchannel: [linkedin, x]\n---\nA calm post.\n", registry)  # no utm.domains
    assert [(f.rule, f.severity.value) for f in report.findings] == [("postcheck/front-matter", "warning")]
    strict = check_text("---\nlang: en\nchannel: [linkedin, x]\n---\nA calm post.\n", registry,
                        config={"rules": {"postcheck/front-matter": {"severity": "error"}}})
    assert strict.findings[0].severity.value == "error"


def test_accepted_values_are_quiet(registry) -> None:
    for front in ("lang: ro-RO\nsponsored: false", "lang: EN\nsponsored: 'yes'", "lang: en_GB\nsponsored: da\ntopics: ai", "sponsored: true\ntopics: [ai, data]\ncampaign: 2026"):
        report = check_text(f"---\n{front}\n---\nA calm post.\n", registry, lang="en")
        assert [f for f in report.findings if f.rule == "postcheck/front-matter"] == [], front
