"""A check that crashes is a finding on the post and fails that check's row: the post is not
known to be safe (issue 14). The other checks and posts still run."""

from __future__ import annotations

import pytest

from postcheck.checks.utm.check import UtmCheck
from postcheck.runner import check_text
from postcheck.verdict import FAIL

LINK = "[x](https://acme.example/?utm_source=linkedin&utm_medium=social&utm_campaign=abc)\n"
UTM = {"utm": {"domains": ["acme.example"]}}


def row(report, family):
    return next(r for r in report.rows if r.family == family)


@pytest.mark.parametrize("campaign", ["'!!!'", "'ș'", "'   '", "'%%'"])
def test_a_campaign_that_slugs_to_nothing_is_checked_without_crashing(registry, campaign):
    text = f"---\nchannel: linkedin\ncampaign: {campaign}\n---\n{LINK}"
    report = check_text(text, registry, lang="en", config=UTM)
    assert [f.rule for f in report.findings if f.rule.startswith("postcheck/")] == []


def test_a_source_that_slugs_to_nothing_is_checked_without_crashing(registry):
    text = f"---\nchannel: linkedin\ncampaign: abc\n---\n{LINK}"
    report = check_text(text, registry, lang="en", config={"utm": {"domains": ["acme.example"], "sources": {"linkedin": "!!!"}}})
    assert [f.rule for f in report.findings if f.rule.startswith("postcheck/")] == []


def test_a_crashing_check_fails_its_row_and_names_the_rule(registry, monkeypatch):
    def broken(self, doc, ctx):
        raise KeyError("utm_campaign")
        yield  # pragma: no cover - a generator, like the real check

    monkeypatch.setattr(UtmCheck, "check_document", broken)
    report = check_text("---\nchannel: linkedin\n---\nGuaranteed results.\n" + LINK, registry, lang="en", config=UTM)
    crash = [f for f in report.findings if f.rule == "postcheck/check-error"]
    assert len(crash) == 1 and "'utm'" in crash[0].message and "KeyError" in crash[0].message
    assert row(report, "utm").status == FAIL
    assert row(report, "deceptive").status != "skipped"  # the other checks ran
    assert any(f.rule == "deceptive/guaranteed-results" for f in report.findings)
    assert report.verdict == FAIL


def test_a_crash_cannot_be_waived_by_a_comment(registry, monkeypatch):
    def broken(self, doc, ctx):
        raise RuntimeError("bug")
        yield  # pragma: no cover

    monkeypatch.setattr(UtmCheck, "check_document", broken)
    text = "<!-- postcheck-disable-file -- everything -->\n---\nchannel: x\n---\n" + LINK
    report = check_text(text, registry, lang="en", config=UTM)
    assert [f.rule for f in report.findings] == ["postcheck/check-error"]
    assert row(report, "utm").status == FAIL
