"""README's "Your own rules" must work as written: its config and pack load, the pack's
examples pass ``rules --test``, and the findings and the error it shows are what postcheck
prints."""

from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import ROOT
from postcheck.cli import main

SECTION = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Your own rules", 1)[1].split("\n## ", 1)[0]
CONFIG, PACK = re.findall(r"```yaml\n(.*?)```", SECTION, re.DOTALL)
POST = "---\ntitle: Why we love index funds\ntopics: [finance]\n---\nInvesting in index funds is simple, and our award-winning app makes it simpler.\n"


def _repo(tmp_path, monkeypatch, pack: str = PACK):
    (tmp_path / ".postcheck.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "compliance").mkdir()
    (tmp_path / "compliance" / "house.yaml").write_text(pack, encoding="utf-8")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "index-funds.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def test_the_worked_example_prints_what_the_readme_shows(tmp_path, monkeypatch):
    _repo(tmp_path, monkeypatch)
    assert CliRunner().invoke(main, ["rules", "--test", "--family", "deceptive"]).exit_code == 0
    output = CliRunner().invoke(main, ["check", "--offline", "--color", "never", "posts/index-funds.md"]).output
    shown = [line for line in SECTION.splitlines() if line.startswith("posts/index-funds.md:")]
    assert len(shown) == 2 and all(line in output.splitlines() for line in shown), output


def test_the_error_the_readme_shows_is_the_one_printed(tmp_path, monkeypatch):
    _repo(tmp_path, monkeypatch, PACK.replace("      within: post  ", "      within: section"))
    [shown] = re.findall(r"`(compliance/house\.yaml:\d+: rule [^`]+)`", SECTION)
    assert CliRunner().invoke(main, ["rules"]).output == f"postcheck: error: {shown}\n"


def test_the_failing_example_the_readme_shows_is_reported_so(tmp_path, monkeypatch):
    extra = '        - "We keep investing time in our docs."\n'
    _repo(tmp_path, monkeypatch, PACK.replace(extra, extra + '        - "Start investing today."\n'))
    result = CliRunner().invoke(main, ["rules", "--test", "--family", "deceptive"])
    [shown] = [line for line in SECTION.splitlines() if line.startswith("compliance/house.yaml:") and "example" in line]
    assert result.exit_code == 1 and shown in result.output.splitlines(), result.output
