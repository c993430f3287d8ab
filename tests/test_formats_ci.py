"""The CI formats (github, sarif, junit), ``--output`` and the exit codes in every format.

Golden files hold the demo content repo's output; after a change that adds findings to the
demo, regenerate them with ``UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from postcheck import formatters
from postcheck.cli import main
from postcheck.findings import Finding, Severity
from postcheck.formatters.github import annotation, escape_data, escape_property
from postcheck.model import Position, Span

from conftest import FIXTURES, SHARED

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = SHARED / "data" / "sarif" / "sarif-schema-2.1.0.json"
CI_FORMATS = ["github", "sarif", "junit"]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch) -> Path:
    """The demo content repo as its own checkout: paths in the reports are relative to it, as
    they are in a content repo's CI (``GITHUB_WORKSPACE`` is the checkout)."""
    root = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", root)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    monkeypatch.chdir(root)
    return root


def check(*args: str):
    return CliRunner().invoke(main, ["check", "--offline", *args])


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, golden", [("github", "demo.github.txt"), ("junit", "demo.junit.xml")])
def test_golden_output_on_the_demo(demo: Path, fmt: str, golden: str) -> None:
    result = check("--format", fmt)
    assert result.exit_code == 1, result.output
    assert_golden(golden, result.stdout)


def test_github_annotations_land_on_repository_paths(demo: Path) -> None:
    """Checking a sub-folder still names files from the repository root."""
    result = check("--format", "github", "posts")
    assert "::error file=posts/2026-09-dirty-growth.md,line=2,col=9,endLine=2,endColumn=27,title=" in result.stdout


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    finding = Finding(
        rule="claims/unsourced-statistic",
        severity=Severity.INFO,
        path="x",
        span=Span(Position(3, 5), Position(4, 2)),
        message="Says 55%, with no source:\nadd one",
    )
    assert annotation(finding, "posts/a,b:c.md") == (
        "::notice file=posts/a%2Cb%3Ac.md,line=3,col=5,endLine=4,endColumn=2,"
        "title=postcheck claims/unsourced-statistic::Says 55%25, with no source:%0Aadd one"
    )


def test_sarif_is_valid_and_complete(demo: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}")
    result = check("--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))

    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"].startswith("https://"), rule["id"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "{" not in rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]
    by_rule = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
        for r in run["results"]
    }
    dirty = by_rule[("deceptive/guaranteed-results", "posts/2026-09-dirty-growth.md", 9)]
    assert dirty["level"] == "error" and "suppressions" not in dirty
    assert dirty["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "posts/2026-09-dirty-growth.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 34, "endLine": 9, "endColumn": 52},
    }
    waived = by_rule[("deceptive/fake-urgency", "posts/2026-10-suppressed.md", 11)]
    assert waived["suppressions"][0]["kind"] == "inSource"
    assert waived["suppressions"][0]["justification"] == "the room really holds 40; legal approved 2026-10-02"


def test_junit_fails_only_on_what_fails_the_run(demo: Path) -> None:
    default = ET.fromstring(check("--format", "junit").stdout)
    strict = ET.fromstring(check("--format", "junit", "--fail-on", "warning").stdout)

    def failures(tree: ET.Element, name: str) -> list[str]:
        case = tree.find(f".//testcase[@name='{name}']")
        return [f.get("type") for f in case.findall("failure")]

    assert failures(default, "posts/2026-10-suppressed.md") == []
    assert failures(strict, "posts/2026-10-suppressed.md") == ["postcheck/unused-suppression"]
    report = json.loads(check("--format", "json").stdout)["files"]
    failing = lambda levels: sum(any(f["severity"] in levels for f in post["findings"]) for post in report)  # noqa: E731
    assert default.get("tests") == str(len(report))
    assert default.get("failures") == str(failing({"error"}))
    assert strict.get("failures") == str(failing({"error", "warning"})) != default.get("failures")


def test_output_writes_the_format_and_prints_text(demo: Path) -> None:
    result = check("--format", "sarif", "--output", "reports/postcheck.sarif")
    assert result.exit_code == 1
    assert "Checklist" in result.stdout and "deceptive/guaranteed-results [error]" in result.stdout
    written = json.loads((demo / "reports" / "postcheck.sarif").read_text(encoding="utf-8"))
    assert written["version"] == "2.1.0" and written["runs"][0]["results"]


def test_output_to_an_unwritable_place_is_one_clean_line(demo: Path) -> None:
    (demo / "blocker").write_text("a file, not a folder", encoding="utf-8")
    result = check("--format", "junit", "--output", "blocker/report.xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("postcheck: error: blocker/report.xml: cannot write the report")
    assert len(result.stderr.splitlines()) == 1


def test_every_format_is_listed_and_loads_as_itself() -> None:
    assert formatters.names() == ["checklist", "github", "json", "junit", "sarif", "text"]
    assert all(formatters.load(name).NAME == name for name in formatters.names())


def test_a_check_run_imports_only_the_format_it_writes(demo: Path) -> None:
    """Listing the formats for ``--format`` imports none of them (JUnit's XML alone costs a
    run 8 ms); the run imports the one it prints, and text for the terminal beside --output."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['postcheck', 'check', '--offline', '--no-cache', *sys.argv[1:], 'posts/2026-09-clean-launch.md']\n"
        "try:\n    runpy.run_module('postcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('postcheck.formatters.') and '._' not in m), file=sys.stderr)\n"
    )
    loaded = {}
    for args in (["--format", "json"], ["--format", "sarif", "--output", "out.sarif"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=120, check=False)
        loaded[args[1]] = done.stderr.splitlines()[-1]
    assert loaded == {"json": "['postcheck.formatters.json_format']", "sarif": "['postcheck.formatters.sarif', 'postcheck.formatters.text']"}


@pytest.mark.parametrize("fmt", formatters.names())
def test_exit_codes_are_the_same_in_every_format(demo: Path, fmt: str) -> None:
    assert check("--format", fmt).exit_code == 1
    assert check("--format", fmt, "posts/2026-09-clean-launch.md").exit_code == 0
    assert check("--format", fmt, "--fail-on", "warning", "posts/2026-10-suppressed.md").exit_code == 1
    assert check("--format", fmt, "posts/2026-10-suppressed.md").exit_code == 0
    assert check("--format", fmt, "--select", "no-such-family").exit_code == 2
    assert check("--format", fmt, "--output", "out.txt", "posts/2026-09-clean-launch.md").exit_code == 0


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_no_posts_is_still_a_valid_report(demo: Path, fmt: str, monkeypatch) -> None:
    (demo / "empty").mkdir()
    monkeypatch.chdir(demo / "empty")  # the default path: a named folder with no post is an error
    result = check("--format", fmt)
    assert result.exit_code == 0 and result.stderr.startswith("postcheck: no posts found under .")
    if fmt == "sarif":
        assert json.loads(result.stdout)["runs"][0]["results"] == []
    if fmt == "junit":
        assert ET.fromstring(result.stdout).get("tests") == "0"


def test_a_post_outside_any_repository(tmp_path: Path, monkeypatch) -> None:
    """No repository root to be relative to: SARIF gets a file URI, annotations the path given."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    if any((folder / ".git").exists() for folder in [tmp_path, *tmp_path.parents]):
        pytest.skip("the temporary folder is inside a git repository")
    (tmp_path / "post.md").write_text("Guaranteed results.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    sarif = json.loads(check("--format", "sarif", "post.md").stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "post.md").resolve().as_uri()}
    assert check("--format", "github", "post.md").stdout.startswith("::error file=post.md,line=1,col=1,")
