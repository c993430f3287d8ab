"""Every rule's examples, in every language it has, run through the real engine.

A rule that loses its examples fails the load (the schema requires them); a rule whose
examples stop matching what it does fails here, with the example in the test id."""

from __future__ import annotations

import pytest

from postcheck.examples import run_example
from postcheck.rulepack import load_registry

_REGISTRY = load_registry()
CASES = [
    pytest.param(rule.id, lang, expected, text, id=f"{rule.id}-{lang}-{expected}-{index}")
    for rule in _REGISTRY.sorted()
    for lang, examples in sorted(rule.examples.items())
    for expected, texts in (("match", examples.match), ("no_match", examples.no_match))
    for index, text in enumerate(texts)
]


def test_every_rule_has_examples_in_each_language_it_covers():
    for rule in _REGISTRY.rules.values():
        assert rule.examples, rule.id
        for lang in rule.patterns:
            assert rule.examples[lang].no_match, (rule.id, lang)
            assert rule.examples[lang].match, (rule.id, lang)


@pytest.mark.parametrize("rule_id, lang, expected, text", CASES)
def test_rule_example(registry, rule_id, lang, expected, text):
    findings = run_example(registry, registry.get(rule_id), lang, text)
    if expected == "match":
        assert findings, f"{rule_id} ({lang}) should flag: {text!r}"
    else:
        assert not findings, f"{rule_id} ({lang}) should not flag: {text!r}, got {[f.excerpt for f in findings]}"
