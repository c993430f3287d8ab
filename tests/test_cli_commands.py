"""The command line: exit codes, selection, formats, colour, and the rule commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from postcheck import __version__
from postcheck.cli import main

DIRTY = "---\nlang: en\n---\nWe promise guaranteed results. Last chance!\n"
CLEAN = "---\nlang: en\n---\nA calm, accurate post about reporting.\n"


@pytest.fixture(autouse=True)
def _run_outside_the_checkout(tmp_path_factory, monkeypatch):
    """Each test runs from an empty folder of its own: a run that finds no config keeps its
    results cache in the current folder, which would otherwise be the checkout."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env or {})


def post(tmp_path, text, name="post.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_exit_codes(tmp_path):
    assert invoke("check", post(tmp_path, CLEAN, "clean.md")).exit_code == 0
    assert invoke("check", post(tmp_path, DIRTY, "dirty.md")).exit_code == 1
    assert invoke("check", "--format", "yaml", str(tmp_path)).exit_code == 2
    missing = invoke("check", str(tmp_path / "nope.md"))
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_fail_on_warning(tmp_path):
    only_warning = post(tmp_path, "---\nlang: en\n---\nLast chance to register.\n")
    assert invoke("check", only_warning).exit_code == 0
    assert invoke("check", "--fail-on", "warning", only_warning).exit_code == 1


def test_select_and_ignore(tmp_path):
    path = post(tmp_path, DIRTY)
    rules = lambda result: [f["rule"] for f in json.loads(result.output)["files"][0]["findings"]]  # noqa: E731
    assert rules(invoke("check", "--format", "json", "--select", "deceptive/fake-urgency", path)) == ["deceptive/fake-urgency"]
    assert rules(invoke("check", "--format", "json", "--ignore", "deceptive/fake-urgency", path)) == ["deceptive/guaranteed-results"]
    assert rules(invoke("check", "--format", "json", "--select", "claims,utm", path)) == []
    bad = invoke("check", "--select", "deceptive/nope", path)
    assert bad.exit_code == 2 and "unknown rule or family: 'deceptive/nope'" in bad.output


def test_deselected_families_are_skipped_rows(tmp_path):
    report = json.loads(invoke("check", "--format", "json", "--select", "claims", post(tmp_path, DIRTY)).output)
    rows = {row["family"]: row["status"] for row in report["files"][0]["checklist"]}
    assert rows["deceptive"] == "skipped"
    assert report["files"][0]["verdict"] == "pass"


def test_config_overrides_severity_and_enabled(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("rules:\n  deceptive/fake-urgency: {severity: error}\n  deceptive/guaranteed-results: {enabled: false}\n")
    result = invoke("check", "--format", "json", post(tmp_path, DIRTY))
    findings = json.loads(result.output)["files"][0]["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("deceptive/fake-urgency", "error")]


def test_bad_config_is_exit_2_with_one_line(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("utm:\n  domans: [x]\n")
    result = invoke("check", post(tmp_path, CLEAN))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert ".postcheck.yaml: utm.domans: unknown key" in result.output


def test_json_shape_matches_the_contract(tmp_path):
    data = json.loads(invoke("check", "--format", "json", post(tmp_path, DIRTY)).output)
    assert set(data) == {"version", "files", "summary"} and data["version"] == 1
    entry = data["files"][0]
    assert {"path", "lang", "verdict", "checklist", "findings", "suppressed"} <= set(entry)
    assert [row["family"] for row in entry["checklist"]] == ["claims", "utm", "links", "proof", "deceptive"]
    finding = entry["findings"][0]
    assert {"rule", "family", "severity", "line", "column", "end_line", "end_column", "message", "excerpt"} <= set(finding)
    assert (finding["line"], finding["column"], finding["end_column"]) == (4, 12, 30)
    assert finding["excerpt"] == "guaranteed results"
    assert {"files", "fail", "warn", "pass", "findings"} <= set(data["summary"])


def test_colour_only_when_asked_and_no_color_respected(tmp_path):
    path = post(tmp_path, DIRTY)
    assert "\x1b[" not in invoke("check", path).output  # not a terminal
    assert "\x1b[" in invoke("check", "--color", "always", path).output
    assert "\x1b[" not in invoke("check", "--color", "auto", path, env={"NO_COLOR": "1"}).output


def test_text_format_marks_the_span(tmp_path):
    output = invoke("check", post(tmp_path, DIRTY)).output
    lines = output.splitlines()
    head = next(i for i, line in enumerate(lines) if "deceptive/guaranteed-results" in line)
    assert lines[head].endswith("[error] " + lines[head].split("[error] ", 1)[1])
    assert lines[head + 2] == "4 | We promise guaranteed results. Last chance!"
    assert lines[head + 3] == "  |            ^^^^^^^^^^^^^^^^^^"
    assert "1 post checked: 1 fail, 0 warn, 0 pass" in output


def test_rules_explain_and_version():
    listing = invoke("rules")
    assert listing.exit_code == 0 and "deceptive/fake-urgency" in listing.output
    as_json = json.loads(invoke("rules", "--format", "json").output)
    assert any(rule["id"] == "postcheck/parse-error" for rule in as_json)
    explained = invoke("explain", "deceptive/fake-urgency")
    assert explained.exit_code == 0
    for words in ("Why:", "How to fix:", "Policy: https://", "Examples (en):", "Examples (ro):"):
        assert words in explained.output
    romanian = invoke("explain", "--lang", "ro", "deceptive/fake-urgency").output
    assert "Presiune de timp" in romanian and "Legea 363/2007" in romanian
    unknown = invoke("explain", "fake-urgency")
    assert unknown.exit_code == 2 and "did you mean deceptive/fake-urgency" in unknown.output
    assert __version__ in invoke("--version").output


def test_default_path_is_the_current_folder(tmp_path, monkeypatch):
    post(tmp_path, DIRTY)
    (tmp_path / "notes.txt").write_text("guaranteed results")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", "--format", "json").output)
    assert [f["path"] for f in data["files"]] == ["post.md"]


def test_include_and_exclude(tmp_path, monkeypatch):
    (tmp_path / ".postcheck.yaml").write_text('include: ["posts/**/*.md"]\nexclude: ["posts/drafts/"]\n')
    (tmp_path / "posts" / "drafts").mkdir(parents=True)
    post(tmp_path / "posts", DIRTY, "a.md")
    post(tmp_path / "posts" / "drafts", DIRTY, "b.md")
    post(tmp_path, DIRTY, "README.md")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", "--format", "json", ".").output)
    assert [f["path"] for f in data["files"]] == ["posts/a.md"]
    excluded = invoke("check", "--format", "json", "posts/drafts/b.md")
    assert json.loads(excluded.stdout)["files"] == [] and excluded.exit_code == 0
    assert excluded.stderr == "postcheck: no posts to check: posts/drafts/b.md excluded by the config's exclude\n"


def test_config_naming_an_unknown_rule_names_the_file(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("rules:\n  deceptive/fake-urgencyy: {severity: error}\n")
    result = invoke("check", post(tmp_path, CLEAN))
    assert result.exit_code == 2
    assert ".postcheck.yaml: rules.deceptive/fake-urgencyy: unknown rule or family" in result.output


def test_rule_descriptions_show_slots_as_ellipsis():
    listing = invoke("rules").output
    assert "Statistic with no source: '…'" in listing
    assert "{match}" not in listing and "{match}" not in invoke("explain", "claims/unsourced-statistic").output
