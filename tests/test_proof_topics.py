"""The optional ``topics`` key of a rule (named pattern lists for code-backed checks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postcheck.rulepack import RulePackError, load_registry

RULE = """rules:
  - id: proof/missing-proof-link
    family: proof
    severity: error
    check: proof
    message: "m"
    explanation: "e"
    fix: "f"
    policy: https://example.com/policy
{extra}    examples:
      match: ["AI"]
      no_match: ["calm"]
"""


def pack(tmp_path: Path, en_extra: str, ro_extra: str | None = None) -> Path:
    for lang in ("common", "en", "ro"):
        (tmp_path / lang).mkdir(exist_ok=True)
    (tmp_path / "en" / "proof.yaml").write_text(RULE.format(extra=en_extra), encoding="utf-8")
    if ro_extra is not None:
        (tmp_path / "ro" / "proof.yaml").write_text(RULE.format(extra=ro_extra), encoding="utf-8")
    return tmp_path


def test_topics_are_kept_per_language(tmp_path):
    en = '    topics:\n      ai: ["(?-i:AI)", "machine learning"]\n'
    ro = '    topics:\n      ai: ["inteligență artificială"]\n'
    rule = load_registry(pack(tmp_path, en, ro)).get("proof/missing-proof-link")
    assert rule.topics == {"en": {"ai": ["(?-i:AI)", "machine learning"]}, "ro": {"ai": ["inteligență artificială"]}}


@pytest.mark.parametrize(
    "extra, error",
    [
        ("    topics: [ai]\n", "topics must be a mapping"),
        ("    topics:\n      ai: machine learning\n", "topics.ai must be a list"),
        ("    topics:\n      ai: ['']\n", "topics.ai must be a list of non-empty strings"),
        ("    topics:\n      ai: ['(unclosed']\n", "bad pattern"),
        ("    topic:\n      ai: ['x']\n", "unknown key"),
    ],
)
def test_bad_topics_name_the_file_and_rule(tmp_path, extra, error):
    with pytest.raises(RulePackError, match=error) as raised:
        load_registry(pack(tmp_path, extra))
    assert re.search(r"proof\.yaml:\d+: rule proof/missing-proof-link", str(raised.value))


def test_shipped_packs_cover_every_required_topic_in_both_languages(registry):
    rule = registry.get("proof/missing-proof-link")
    required = {"ai", "security", "privacy", "defence", "government", "health"}
    assert required <= set(rule.topics["en"]) and required <= set(rule.topics["ro"])


def test_explain_shows_the_topics_of_both_languages():
    from click.testing import CliRunner

    from postcheck.cli import main

    shown = CliRunner().invoke(main, ["explain", "proof/missing-proof-link"]).output
    assert "Topics (en):" in shown and "Topics (ro):" in shown
    assert "  ai: (?-i:AI)" in shown and "inteligen\\w* artificial\\w*" in shown
