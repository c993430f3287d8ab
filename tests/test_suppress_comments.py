"""Inline suppressions, their reasons, and stale ones."""

from __future__ import annotations


from postcheck.runner import check_text


def run(registry, text, enabled=None):
    return check_text(text, registry, lang="en", enabled=enabled)


def rules_of(findings):
    return [(f.rule, f.span.start.line) for f in findings]


def test_disable_next_line_with_reason(registry):
    report = run(registry, "<!-- postcheck-disable-next-line deceptive/guaranteed-results -- legal approved 2026-10-02 -->\n\nGuaranteed results.\nGuaranteed results.\n")
    assert rules_of(report.findings) == [("deceptive/guaranteed-results", 4)]
    assert rules_of(report.suppressed) == [("deceptive/guaranteed-results", 3)]
    assert report.suppressed[0].suppressed_by.reason == "legal approved 2026-10-02"


def test_disable_enable_range_by_family(registry):
    text = "Guaranteed results.\n\n<!-- postcheck-disable deceptive -- quoted from the ruling -->\n\nGuaranteed results.\nLast chance.\n\n<!-- postcheck-enable deceptive -->\n\nGuaranteed results.\n"
    report = run(registry, text)
    assert rules_of(report.findings) == [("deceptive/guaranteed-results", 1), ("deceptive/guaranteed-results", 10)]
    assert len(report.suppressed) == 2


def test_no_selector_means_all_and_disable_line_and_file(registry):
    report = run(registry, "Guaranteed results. <!-- postcheck-disable-line -->\nLast chance.\n")
    assert rules_of(report.findings) == [("deceptive/fake-urgency", 2)]
    report = run(registry, "Guaranteed results.\n\n<!-- postcheck-disable-file deceptive -- internal -->\nLast chance.\n")
    assert report.findings == [] and len(report.suppressed) == 2


def test_stale_and_misspelt_suppressions_are_reported(registry):
    report = run(registry, "<!-- postcheck-disable-next-line deceptive/health-cure -- old -->\nA calm sentence.\n\n<!-- postcheck-disable-next-line deceptiv -->\nGuaranteed results.\n")
    messages = [(f.rule, f.span.start.line, f.message) for f in report.findings]
    assert messages[0][:2] == ("postcheck/unused-suppression", 1)
    assert "waives nothing" in messages[0][2]
    assert ("postcheck/unused-suppression", 4) == messages[1][:2] and "deceptiv" in messages[1][2]
    assert messages[2][0] == "deceptive/guaranteed-results"
    assert report.verdict == "fail"


def test_a_waiver_for_a_rule_that_did_not_run_is_not_stale(registry):
    enabled = {r for r in registry.rules if not r.startswith("deceptive/health")}
    report = run(registry, "<!-- postcheck-disable-next-line deceptive/health-cure -->\nA calm sentence.\n", enabled)
    assert report.findings == []


def test_parse_errors_cannot_be_suppressed(registry):
    text = "---\ntitle: [unclosed\n---\n<!-- postcheck-disable-file -- everything -->\nGuaranteed results.\n"
    report = run(registry, text)
    assert [f.rule for f in report.findings] == ["postcheck/parse-error"]
    assert [f.rule for f in report.suppressed] == ["deceptive/guaranteed-results"]
