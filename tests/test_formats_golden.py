"""The exact text and JSON output for the demo content repo.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 make test`` and review the diff."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT
from postcheck.cli import main

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("fmt, name", [("text", "demo.txt"), ("json", "demo.json"), ("checklist", "demo.checklist.md")])
def test_demo_output_is_exactly_the_golden_file(fmt, name, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = CliRunner().invoke(main, ["check", "--offline", "--color", "never", "--format", fmt, "fixtures/demo"])
    assert result.exit_code == 1, result.output
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")


def test_demo_covers_clean_and_dirty_posts_in_both_languages():
    posts = sorted((FIXTURES / "demo" / "posts").glob("*.md"))
    assert 6 <= len(posts) <= 8
    langs = {p.read_text(encoding="utf-8").split("lang: ")[1][:2] for p in posts if "lang: " in p.read_text(encoding="utf-8")}
    assert langs == {"en", "ro"}
