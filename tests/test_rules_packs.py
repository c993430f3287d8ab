"""Rule packs are validated on load; a bad one names its file and the reason."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from click.testing import CliRunner

from postcheck.cli import main
from postcheck.rulepack import RulePackError, load_registry, packs_dir
from support.packs import SAMPLE, write_pack

GOOD = SAMPLE
pack = write_pack


def test_a_good_pack_loads(tmp_path):
    registry = load_registry(pack(tmp_path, GOOD))
    assert registry.get("deceptive/sample").patterns == {"en": ["sample phrase"]}


@pytest.mark.parametrize(
    "change, words, at",
    [
        (("severity: warning", "severity: fatal"), "severity must be error, warning or info", "severity:"),
        (("id: deceptive/sample", "id: Deceptive Sample"), "id must look like family/rule-name", "- id:"),
        (("family: deceptive", "family: claimz"), "unknown family", "family:"),
        (("policy: https://example.org/policy", "policy: see legal"), "'policy' must be an http(s) URL", "policy:"),
        (('patterns: ["sample phrase"]', 'patterns: ["(unclosed"]'), "bad pattern", "patterns:"),
        (('      no_match: ["Nothing here."]\n', ""), "at least one 'match' and one 'no_match'", "match:"),
        (("    fix: Rewrite it.\n", ""), "missing key(s): fix", "- id:"),
        (("    fix: Rewrite it.\n", "    fix: Rewrite it.\n    colour: red\n"), "unknown key(s): colour", "colour:"),
        (('patterns: ["sample phrase"]', "check: phrases"), "needs 'patterns'", "check:"),
    ],
)
def test_bad_rules_are_rejected_with_file_line_and_reason(tmp_path, change, words, at):
    text = GOOD.replace(*change)
    with pytest.raises(RulePackError) as error:
        load_registry(pack(tmp_path, text))
    assert "test.yaml" in str(error.value) and words in str(error.value)
    line = next(number for number, line in enumerate(textwrap.dedent(text).splitlines(), 1) if at in line)
    assert f"test.yaml:{line}: " in str(error.value)


def test_languages_must_agree_on_severity(tmp_path):
    rules = pack(tmp_path, GOOD)
    pack(tmp_path, GOOD.replace("severity: warning", "severity: error"), lang="ro")
    with pytest.raises(RulePackError, match="severity error disagrees"):
        load_registry(rules)


def test_invalid_yaml_pack(tmp_path):
    with pytest.raises(RulePackError, match="invalid YAML"):
        load_registry(pack(tmp_path, "rules: [\n"))


def test_cli_exits_2_with_one_line_on_a_bad_shipped_pack(tmp_path, monkeypatch):
    copy = tmp_path / "rules"
    shutil.copytree(packs_dir(), copy)
    (copy / "en" / "broken.yaml").write_text("rules:\n  - id: nope\n")
    monkeypatch.setattr("postcheck.rulepack.packs_dir", lambda: copy)
    post = tmp_path / "post.md"
    post.write_text("Hello.\n")
    result = CliRunner().invoke(main, ["check", str(post)])
    assert result.exit_code == 2
    assert "broken.yaml" in result.output and "missing key(s)" in result.output
    assert len(result.output.strip().splitlines()) == 1


COMMON = GOOD.replace('patterns: ["sample phrase"]', "check: engine").replace("deceptive/sample", "postcheck/sample").replace(
    "family: deceptive", "family: postcheck"
).replace("message: Sample.", 'message: "Sample {thing}."')


def test_a_language_pack_translates_a_common_rule(tmp_path):
    rules = pack(tmp_path, COMMON, lang="common")
    pack(tmp_path, 'rules:\n  - id: postcheck/sample\n    message: "Mostră {thing}."\n    explanation: De ce.\n    fix: Rescrie.\n', lang="ro")
    rule = load_registry(rules).get("postcheck/sample")
    assert rule.message_for("ro") == "Mostră {thing}." and rule.message_for("en") == "Sample {thing}."
    assert rule.text("explanation", "ro") == "De ce." and rule.fix_for("ro") == "Rescrie."


@pytest.mark.parametrize(
    "text, words",
    [
        ('rules:\n  - id: postcheck/sample\n    message: "Mostră {lucru}."\n    explanation: De ce.\n    fix: Rescrie.\n', "uses {lucru}"),
        ('rules:\n  - id: postcheck/other\n    message: "Alta."\n    explanation: De ce.\n    fix: Rescrie.\n', "defined in rules/common first"),
    ],
)
def test_bad_translations_are_rejected(tmp_path, text, words):
    rules = pack(tmp_path, COMMON, lang="common")
    pack(tmp_path, text, lang="ro")
    with pytest.raises(RulePackError, match=words):
        load_registry(rules)


def test_romanian_posts_get_romanian_link_messages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # its results cache goes here, not into the checkout
    post = tmp_path / "post.md"
    post.write_text("---\nlang: ro\n---\nVezi [secțiunea](#lipsa) de mai jos.\n", encoding="utf-8")
    output = CliRunner().invoke(main, ["check", "--offline", "--select", "links", str(post)]).output
    assert "Link către #lipsa, dar" in output and "nu are această ancoră" in output
