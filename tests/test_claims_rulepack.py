"""The rule-pack schema's places for spaCy rules: ``cues``, ``lexicon``, ``token_patterns``
on a rule, and a pack's shared ``lexicons``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from postcheck.rulepack import RulePackError, load_registry

RULE = {
    "id": "claims/unsourced-statistic",
    "family": "claims",
    "severity": "error",
    "check": "claims",
    "message": "m",
    "explanation": "e",
    "fix": "f",
    "policy": "https://example.com/policy",
    "examples": {"match": ["Grew 42%."], "no_match": ["Calm."]},
}


def _load(tmp_path: Path, rule_extra: dict, pack_extra: dict | None = None):
    for lang in ("common", "en", "ro"):
        (tmp_path / lang).mkdir(exist_ok=True)
    pack = {"rules": [{**RULE, **rule_extra}], **(pack_extra or {})}
    (tmp_path / "en" / "claims.yaml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    return load_registry(tmp_path)


def test_cues_lexicon_patterns_and_shared_lexicons_load(tmp_path):
    registry = _load(
        tmp_path,
        {
            "cues": ["\\d ?%"],
            "lexicon": {"trigger": ["studies show"], "exempt": ["case studies"]},
            "token_patterns": {"trigger": [[{"LIKE_NUM": True}, {"ORTH": "%"}]]},
        },
        {"lexicons": {"claims": {"citation": ["source :"]}}},
    )
    rule = registry.get("claims/unsourced-statistic")
    assert rule.cues == {"en": ["\\d ?%"]}
    assert rule.lexicon["en"]["exempt"] == ["case studies"]
    assert rule.token_patterns["en"]["trigger"][0][1] == {"ORTH": "%"}
    assert registry.lexicon("claims", "en") == {"citation": ["source :"]}
    assert registry.lexicon("claims", "ro") == {}


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"cues": ["(unclosed"]}, "bad cue"),
        ({"lexicon": {"triggers": ["x"]}}, "unknown label"),
        ({"lexicon": {"trigger": "studies show"}}, "list of non-empty strings"),
        ({"token_patterns": {"trigger": [{"LIKE_NUM": True}]}}, "is not a token pattern"),
        ({"token_patterns": {"trigger": [[{"like_num": True}]]}}, "is not a token pattern"),
        ({"token_patterns": {"trigger": []}}, "non-empty list"),
    ],
)
def test_bad_spacy_rule_data_names_the_file_and_the_problem(tmp_path, extra, message):
    with pytest.raises(RulePackError, match=message):
        _load(tmp_path, extra)


def test_phrase_rules_cannot_carry_spacy_data(tmp_path):
    extra = {"check": "phrases", "id": "deceptive/x", "family": "deceptive", "patterns": ["x"], "cues": ["x"]}
    with pytest.raises(RulePackError, match="belong to code-backed rules"):
        _load(tmp_path, extra)


def test_shared_lexicons_must_be_lists_and_defined_once(tmp_path):
    with pytest.raises(RulePackError, match="lexicons must map|must map a check"):
        _load(tmp_path, {}, {"lexicons": {"claims": ["x"]}})
    with pytest.raises(RulePackError, match="list of non-empty strings"):
        _load(tmp_path, {}, {"lexicons": {"claims": {"citation": "source"}}})
    with pytest.raises(RulePackError, match="one key|optionally 'lexicons'"):
        _load(tmp_path, {}, {"words": {}})


def test_shipped_packs_give_claims_rules_in_both_languages():
    registry = load_registry()
    for rule in registry.for_check("claims"):
        assert set(rule.cues) == {"en", "ro"}, rule.id
        assert set(rule.examples) == {"en", "ro"}, rule.id
    assert {"abbreviations", "citation", "instruction", "own_plan"} <= set(registry.lexicon("claims", "ro"))
