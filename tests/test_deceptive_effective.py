"""Rules whose law changes on a date: ``effective: {date, before, after}`` gives a finding the
severity of the post's ``date`` (today for a post without one). Directive (EU) 2024/825 bans
generic environmental claims from 27 September 2026."""

from __future__ import annotations

import datetime
import re

import pytest

from postcheck.findings import Severity
from postcheck.rulepack import RulePackError, load_registry
from support.packs import SAMPLE, with_keys, write_pack

GREEN = "deceptive/generic-green-claim"


def _severity(registry, front_matter: str, lang: str = "en", config: dict | None = None) -> str:
    body = "Our new eco-friendly bottle." if lang == "en" else "Noua noastră sticlă prietenoasă cu mediul."
    from postcheck.runner import check_text

    report = check_text(f"---\n{front_matter}---\n{body}\n", registry, lang=lang, config=config, enabled={GREEN})
    (finding,) = [f for f in report.findings if f.rule == GREEN]
    return finding.severity.value


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        ("date: 2026-09-26\n", "warning"),
        ("date: 2026-09-27\n", "error"),
        ("date: 2027-01-15\n", "error"),
        ("date: 2024-05-01T09:30:00Z\n", "warning"),  # a timestamp counts by its day
        ('date: "2026-09-26"\n', "warning"),  # quoted in YAML
    ],
)
def test_severity_follows_the_post_date(registry, front_matter, expected):
    assert _severity(registry, front_matter) == expected
    assert _severity(registry, front_matter, lang="ro") == expected


def test_a_post_without_a_date_is_judged_today(registry):
    today = "error" if datetime.date.today() >= datetime.date(2026, 9, 27) else "warning"
    assert _severity(registry, "title: Bottles\n") == today
    assert _severity(registry, "date: someday\n") == today  # not a date: today too


def test_toml_dates_count(registry):
    from postcheck.runner import check_text

    report = check_text('+++\ndate = 2026-01-02\n+++\nOur new eco-friendly bottle.\n', registry, enabled={GREEN})
    assert [f.severity.value for f in report.findings] == ["warning"]


def test_a_config_override_wins_over_the_date(registry):
    config = {"rules": {GREEN: {"severity": "info"}}}
    assert _severity(registry, "date: 2027-01-01\n", config=config) == "info"


def test_shipped_rules_carry_the_directive_date(registry):
    for rule_id in (GREEN, "deceptive/carbon-neutral"):
        effective = registry.get(rule_id).effective
        assert (effective.date, effective.before, effective.after) == (datetime.date(2026, 9, 27), Severity.WARNING, Severity.ERROR)
        assert registry.get(rule_id).severity is Severity.ERROR


def test_explain_and_rules_json_show_the_date():
    import json

    from click.testing import CliRunner

    from postcheck.cli import main

    shown = CliRunner().invoke(main, ["explain", GREEN]).output
    assert "Severity by date: warning on posts dated before 2026-09-27, error from that day" in shown
    listed = json.loads(CliRunner().invoke(main, ["rules", "--format", "json", "--family", "deceptive"]).output)
    (green,) = [r for r in listed if r["id"] == GREEN]
    assert green["effective"] == {"date": "2026-09-27", "before": "warning", "after": "error"}


def _load(tmp_path, effective: str):
    text = with_keys(SAMPLE, effective).replace("severity: warning", "severity: error")
    return load_registry(write_pack(tmp_path, text, name="x.yaml"))


def test_an_effective_date_loads(tmp_path):
    rule = _load(tmp_path, "effective: {date: 2030-01-01, before: info, after: error}").get("deceptive/sample")
    assert rule.severity_on(datetime.date(2029, 12, 31)) is Severity.INFO
    assert rule.severity_on(datetime.date(2030, 1, 1)) is Severity.ERROR


@pytest.mark.parametrize(
    "effective, words",
    [
        ("effective: 2030-01-01", "exactly 'date', 'before' and 'after'"),
        ("effective: {date: 2030-01-01, before: info}", "exactly 'date', 'before' and 'after'"),
        ("effective: {date: soon, before: info, after: error}", "effective.date must be a date"),
        ('effective: {date: "2030-13-01", before: info, after: error}', "effective.date must be a date"),
        ("effective: {date: 2030-01-01, before: low, after: error}", "must be error, warning or info"),
        ("effective: {date: 2030-01-01, before: info, after: warning}", "must equal the rule's severity"),
    ],
)
def test_bad_effective_dates_are_rejected(tmp_path, effective, words):
    with pytest.raises(RulePackError) as error:
        _load(tmp_path, effective)
    assert re.search(r"x\.yaml(:\d+)?: rule deceptive/sample", str(error.value)) and words in str(error.value)


def test_an_impossible_date_is_one_line_not_a_traceback(tmp_path):
    with pytest.raises(RulePackError, match=r"x\.yaml: invalid YAML value: month must be in 1\.\.12"):
        _load(tmp_path, "effective: {date: 2030-13-01, before: info, after: error}")


@pytest.mark.parametrize(
    "value, day",
    [
        ("Tue Dec 09 2020 8:00:00 GMT+0000 (UTC)", datetime.date(2020, 12, 9)),  # gitpod's blog, real corpus
        ("December 9, 2020", datetime.date(2020, 12, 9)),
        ("9 Dec 2020", datetime.date(2020, 12, 9)),
        ("Sat 12 Dec 2020", datetime.date(2020, 12, 12)),
        ("2024/06/27", datetime.date(2024, 6, 27)),
        ("2024-06-27T10:00:00Z", datetime.date(2024, 6, 27)),
        ("06/07/2024", None),  # day or month first: not guessed
        ("2024-27-06", None),
        ("someday", None),
        (20240627, None),
    ],
)
def test_dates_as_sites_write_them(value, day):
    from postcheck.model import calendar_day

    assert calendar_day(value) == day
