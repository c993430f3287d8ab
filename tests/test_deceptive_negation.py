"""Negation is a property of the phrase engine: a rule marked ``negatable`` is cancelled by a
negation cue of the post's language shortly before its match, in the same clause. The cues are
declared once per language (``lexicons.phrases`` in the packs), never rule by rule."""

from __future__ import annotations

import pytest

from postcheck.checks.phrases import NEGATION_CHARS, compiled_rule, find_matches, negation_for
from postcheck.rulepack import RulePackError, load_registry
from postcheck.textfold import fold
from support.deceptive import findings
from support.packs import SAMPLE, with_keys, write_pack


def _rules(registry, text: str, lang: str) -> set[str]:
    return {f.rule for f in findings(registry, text, lang=lang) if f.rule.startswith("deceptive/")}


@pytest.mark.parametrize(
    "text, lang",
    [
        # the sentences issue 13 names
        ("We can't guarantee results; here is what past clients saw.", "en"),
        ("We don't guarantee results.", "en"),
        ("Growth is not guaranteed.", "en"),
        ("We never buy followers.", "en"),
        ("Fake followers hurt engagement.", "en"),
        ("Nu garantăm rezultate.", "ro"),
        # the same mechanism on other negatable rules
        ("We do not and will never buy followers.", "en"),
        ("We have never sold 1,000 followers packages.", "en"),  # a number's comma is no clause break
        ("No system is 100% secure.", "en"),
        ("This tea does not cure anxiety.", "en"),
        ("Beware of cheap Instagram followers packages.", "en"),
        ("The product is not carbon neutral yet.", "en"),
        ("Nu cumpărăm urmăritori și nici like-uri.", "ro"),
        ("Niciun sistem nu este 100% sigur.", "ro"),
        ("Ceaiul nu vindecă anxietatea.", "ro"),
        ("N-am garantat rezultatul nimănui.", "ro"),
        ("Fără rezultate garantate, dar cu muncă.", "ro"),
        # hedges and reported speech
        ("Whether it prevents infection remains unknown.", "en"),
        ("Nanomedicine is being explored to treat cancer.", "en"),
        ("The ad claims to cure anxiety in a week.", "en"),
        ("Reclama pretinde că ceaiul vindecă anxietatea.", "ro"),
        ("Compusul este studiat pentru a vindeca diabetul.", "ro"),
    ],
)
def test_negated_claims_do_not_fire(registry, text, lang):
    assert _rules(registry, text, lang) == set()


@pytest.mark.parametrize(
    "text, lang, rule",
    [
        ("We guarantee results.", "en", "deceptive/guaranteed-results"),
        ("Buy Instagram followers packages here.", "en", "deceptive/fake-followers"),
        ("Garantăm rezultatul.", "ro", "deceptive/guaranteed-results"),
        # a clause break ends the negation's reach
        ("No fluff, but we guarantee results.", "en", "deceptive/guaranteed-results"),
        ("No fluff but we guarantee results.", "en", "deceptive/guaranteed-results"),
        ("You won't believe what this AI-powered tool did.", "en", "deceptive/ai-puffery"),
        ("Nu e magie, dar garantăm rezultatul.", "ro", "deceptive/guaranteed-results"),
        ("Nu o să-ți vină să crezi ce face platforma alimentată de AI.", "ro", "deceptive/ai-puffery"),
        # "not only" is not a negation
        ("We not only guarantee results, we double them.", "en", "deceptive/guaranteed-results"),
        # too far back: more than six words between the cue and the match
        ("No contract, no setup fee and from day one we guarantee results.", "en", "deceptive/guaranteed-results"),
        # a rule that is not negatable keeps firing: urgency copy is full of "don't"
        ("Don't let this last chance slip away.", "en", "deceptive/fake-urgency"),
    ],
)
def test_claims_still_fire(registry, text, lang, rule):
    assert rule in _rules(registry, text, lang)


def test_the_look_back_is_bounded(registry):
    rule = registry.get("deceptive/guaranteed-results")
    compiled = compiled_rule(rule, "en", negation_for(registry, "en"))
    text = fold("not " + "x" * NEGATION_CHARS + " we guarantee results")
    assert list(find_matches(compiled, text))
    near = fold("x" * 10_000 + " we cannot guarantee results")
    assert list(find_matches(compiled, near)) == []


def test_cues_are_per_language(registry):
    # an English cue in a Romanian post is not a Romanian negation
    assert "deceptive/guaranteed-results" in _rules(registry, "Never: garantăm rezultatul.", "ro")
    assert "deceptive/guaranteed-results" in _rules(registry, "We never said it. Garantăm rezultatul.", "ro")
    assert negation_for(registry, "en") is not negation_for(registry, "ro")


def _pack(tmp_path, lexicons: str = "{}", key: str = "negatable: true", lang: str = "en"):
    text = f"lexicons: {lexicons}\n" + with_keys(SAMPLE, key)
    return write_pack(tmp_path, text, lang=lang, name="x.yaml")


def test_a_negatable_rule_uses_its_language_cues(tmp_path):
    registry = load_registry(_pack(tmp_path, lexicons='{phrases: {negation: ["never"]}}'))
    rule = registry.get("deceptive/sample")
    compiled = compiled_rule(rule, "en", negation_for(registry, "en"))
    assert rule.negatable
    assert list(find_matches(compiled, "we use a sample phrase"))
    assert not list(find_matches(compiled, "we never use a sample phrase"))


@pytest.mark.parametrize(
    "lexicons, key, words",
    [
        ("{}", "negatable: true", "no pack declares lexicons.phrases.negation for 'en'"),
        ('{phrases: {negation: ["(never"]}}', "negatable: true", "bad pattern '(never'"),
        ("{}", "negatable: yes please", "'negatable' is true or false"),
        ("{}", "negatable: true\n    check: sponsorship", "only phrase rules"),
    ],
)
def test_bad_negation_declarations_are_rejected(tmp_path, lexicons, key, words):
    with pytest.raises(RulePackError) as error:
        load_registry(_pack(tmp_path, lexicons, key))
    assert words in str(error.value)


def test_languages_must_agree_on_negatable(tmp_path):
    rules = _pack(tmp_path, lexicons='{phrases: {negation: ["never"]}}')
    write_pack(tmp_path, SAMPLE, lang="ro", name="x.yaml")
    with pytest.raises(RulePackError, match="negatable False disagrees"):
        load_registry(rules)
