"""The documentation a user reads in a clone: the rule reference matches the packs, and the
README and docs link only to files that are in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from postcheck.cli import main
from postcheck.commands._reference import reference
from postcheck.rulepack import load_registry

DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def test_the_rule_reference_is_up_to_date():
    expected = reference(load_registry())
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == expected, (
        "docs/rules.md is out of date: run `postcheck rules --format markdown > docs/rules.md`"
    )
    assert CliRunner().invoke(main, ["rules", "--format", "markdown"]).stdout == expected


def test_the_reference_names_every_rule_once_with_its_policy():
    registry = load_registry()
    page = reference(registry)
    for rule in registry.rules.values():
        assert page.count(f"\n### {rule.id}\n") == 1, rule.id
        assert f"<{rule.policy}>" in page, rule.id
    assert not re.search(r"\{\w+\}", page)  # slots are shown as "…"


def test_local_links_stay_inside_the_repository():
    """A clone has no ../shared beside it: every relative link must resolve inside it."""
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    for page in pages:
        for target in LINK.findall(CODE.sub("", page.read_text(encoding="utf-8"))):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.is_relative_to(ROOT), f"{page.name} links outside the repository: {target}"
            assert path.exists(), f"{page.name} links to a missing file: {target}"
