"""What CI and editors need from ``check``: statistics, --exit-zero, --quiet, a post on stdin,
GitHub's job summary, runs that find no posts, --show-config, and selections that cannot be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from postcheck.cli import main

DIRTY = "---\nlang: en\n---\nWe promise guaranteed results. Last chance! Last chance!\n"
CLEAN = "---\nlang: en\n---\nA calm, accurate post about reporting.\n"


def invoke(*args: str, stdin: bytes | str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, env=env, catch_exceptions=False)


@pytest.fixture
def posts(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "dirty.md").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "posts" / "clean.md").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_statistics_count_findings_per_rule_most_frequent_first(posts: Path) -> None:
    result = invoke("check", "--offline", "--statistics", "posts")
    assert result.exit_code == 1  # the same exit code as without --statistics
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["2", "deceptive/fake-urgency", "warning"]
    assert lines[1].split()[:3] == ["1", "deceptive/guaranteed-results", "error"]
    assert lines[-1] == "3 findings in 2 rules."
    assert "Checklist" not in result.stdout and "dirty.md:" not in result.stdout
    as_json = json.loads(invoke("check", "--offline", "--statistics", "--format", "json", "posts").stdout)
    assert [(row["rule"], row["count"], row["fixable"]) for row in as_json] == [("deceptive/fake-urgency", 2, 0), ("deceptive/guaranteed-results", 1, 0)]
    assert invoke("check", "--offline", "--statistics", "posts/clean.md").stdout == "No findings.\n"


def test_exit_zero_keeps_the_output_and_usage_errors(posts: Path) -> None:
    failing = invoke("check", "--offline", "posts")
    passing = invoke("check", "--offline", "--exit-zero", "posts")
    assert (failing.exit_code, passing.exit_code) == (1, 0)
    assert passing.stdout == failing.stdout
    assert invoke("check", "--exit-zero", "--select", "nope", "posts").exit_code == 2


def test_quiet_prints_the_findings_only(posts: Path) -> None:
    quiet = invoke("check", "--offline", "--quiet", "posts")
    assert quiet.exit_code == 1
    assert "posts/dirty.md" not in quiet.stdout  # shown relative to the folder given
    assert "dirty.md:4:12: deceptive/guaranteed-results [error]" in quiet.stdout
    assert "Checklist" not in quiet.stdout and "posts checked" not in quiet.stdout and "Legend" not in quiet.stdout
    assert invoke("check", "--offline", "-q", "posts/clean.md").stdout == ""
    (posts / "empty").mkdir()
    (posts / "empty" / "notes.txt").write_text("x")
    assert invoke("check", "--offline", "-q", "--config", "/dev/null", "empty").exit_code == 2  # errors are never quiet


def test_a_post_on_stdin_is_checked_as_the_name_given(posts: Path) -> None:
    (posts / "posts" / "other.md").write_text(CLEAN)
    (posts / ".postcheck.yaml").write_text("language: ro\n")
    text = "Garantăm rezultatul. Vezi [alt articol](other.md) și [lipsă](missing.md).\n"
    result = invoke("check", "--offline", "--format", "json", "-", "--stdin-filename", "posts/draft.md", stdin=text.encode("utf-8"))
    assert result.exit_code == 1
    [file] = json.loads(result.stdout)["files"]
    assert file["path"] == "posts/draft.md" and file["lang"] == "ro"  # the config found from the name
    rules = [f["rule"] for f in file["findings"]]
    assert "deceptive/guaranteed-results" in rules
    assert [f["message"] for f in file["findings"] if f["rule"] == "links/missing-file"] != []  # links resolve beside the name
    assert not any("other.md" in f["message"] for f in file["findings"])
    plain = invoke("check", "--offline", "-", stdin=DIRTY)
    assert plain.exit_code == 1 and "-:4:12: deceptive/guaranteed-results" in plain.stdout


def test_stdin_honours_the_baseline_and_the_excludes(posts: Path) -> None:
    (posts / ".postcheck.yaml").write_text('exclude: ["drafts/"]\n')
    assert invoke("baseline", "--offline", "posts").exit_code == 0
    accepted = invoke("check", "--offline", "-", "--stdin-filename", "posts/dirty.md", stdin=DIRTY)
    assert accepted.exit_code == 0 and "3 baselined" in accepted.stdout
    excluded = invoke("check", "--offline", "-", "--stdin-filename", "drafts/x.md", stdin=DIRTY)
    assert excluded.exit_code == 0 and "excluded by the config's exclude" in excluded.stderr


def test_stdin_usage_errors(posts: Path) -> None:
    mixed = invoke("check", "-", "posts")
    assert mixed.exit_code == 2 and "cannot be mixed with other paths" in mixed.stderr
    named = invoke("check", "--stdin-filename", "x.md", "posts")
    assert named.exit_code == 2 and "--stdin-filename needs '-'" in named.stderr


def test_github_format_appends_the_checklist_to_the_job_summary(posts: Path) -> None:
    summary = posts / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    result = invoke("check", "--offline", "--format", "github", "posts", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1 and result.stdout.startswith("::error file=")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# Earlier step\n## postcheck: 1 of 2 posts needs attention\n")
    assert "### ❌ `dirty.md`: fail" in written
    invoke("check", "--offline", "--format", "json", "posts", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8") == written  # other formats leave it alone
    unwritable = invoke("check", "--offline", "--format", "github", "posts", env={"GITHUB_STEP_SUMMARY": str(posts / "no" / "such" / "file")})
    assert unwritable.exit_code == 1 and "cannot append to GITHUB_STEP_SUMMARY" in unwritable.stderr


def test_a_named_folder_without_posts_is_an_error(posts: Path) -> None:
    (posts / "assets").mkdir()
    (posts / "assets" / "logo.svg").write_text("<svg/>")
    result = invoke("check", "--offline", "posts", "assets")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "postcheck: error: assets: no posts here (include: **/*.md, **/*.markdown, **/*.mdx)\n"


def test_a_run_that_finds_no_posts_says_so(posts: Path, monkeypatch) -> None:
    (posts / "assets").mkdir()
    monkeypatch.chdir(posts / "assets")
    result = invoke("check", "--offline")
    assert result.exit_code == 0
    assert result.stderr == "postcheck: no posts found under . (include: **/*.md, **/*.markdown, **/*.mdx)\n"
    assert result.stdout == "No posts checked.\n"
    assert invoke("check", "--offline", "--quiet").stderr == ""


def test_show_config_prints_the_resolved_configuration(posts: Path) -> None:
    (posts / ".postcheck.yaml").write_text("utm:\n  domains: ['https://Acme.example/']\nrules:\n  deceptive/fake-urgency: {severity: error}\n  claims: {enabled: false}\n")
    result = invoke("check", "--show-config", "posts")
    assert result.exit_code == 0
    shown = yaml.safe_load(result.stdout)
    assert shown["config_file"] == str(Path(".postcheck.yaml")) or shown["config_file"].endswith(".postcheck.yaml")
    assert shown["utm"]["domains"] == ["acme.example"]  # as postcheck will use it
    assert shown["utm"]["required"] == ["utm_source", "utm_medium", "utm_campaign"]  # defaults filled in
    assert shown["effective_rules"]["deceptive/fake-urgency"] == "error"
    assert shown["effective_rules"]["claims/unsourced-statistic"] == "off"
    assert shown["baseline"] == str(posts.resolve() / ".postcheck-baseline.json")


@pytest.mark.parametrize(
    "args",
    [("--ignore", "postcheck"), ("--ignore", "postcheck/parse-error"), ("--ignore", "claims,postcheck/check-error")],
)
def test_ignoring_what_is_always_reported_says_why(posts: Path, args: tuple[str, ...]) -> None:
    result = invoke("check", "--offline", *args, "posts")
    assert result.exit_code == 2
    assert "cannot be turned off (a post that could not be read or checked has not been checked)" in result.stderr


def test_the_config_cannot_turn_parse_errors_off_either(posts: Path) -> None:
    (posts / ".postcheck.yaml").write_text("rules:\n  postcheck: {enabled: false}\n")
    result = invoke("check", "--offline", "posts")
    assert result.exit_code == 2
    assert "rules.postcheck: enabled: false: postcheck/check-error and postcheck/parse-error cannot be turned off" in result.stderr
    assert "turn the others off by id: postcheck/front-matter" in result.stderr
    (posts / ".postcheck.yaml").unlink()
    assert invoke("check", "--offline", "--ignore", "postcheck/unused-suppression", "posts").exit_code == 1


def test_rules_shows_the_effective_severity(posts: Path) -> None:
    (posts / ".postcheck.yaml").write_text("rules:\n  deceptive/fake-urgency: {severity: error}\n  claims/unsourced-comparison: {enabled: false}\n")
    listing = invoke("rules").stdout.splitlines()
    urgency = next(line for line in listing if line.startswith("deceptive/fake-urgency "))
    assert urgency.split()[1] == "error*"
    comparison = next(line for line in listing if line.startswith("claims/unsourced-comparison "))
    assert comparison.split()[1] == "off*"
    assert listing[-1].startswith("* set by ") and ".postcheck.yaml;" in listing[-1]
    as_json = {r["id"]: r for r in json.loads(invoke("rules", "--format", "json").stdout)}
    assert (as_json["deceptive/fake-urgency"]["severity"], as_json["deceptive/fake-urgency"]["effective_severity"]) == ("warning", "error")
