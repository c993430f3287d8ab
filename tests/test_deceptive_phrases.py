"""The deceptive phrase rules on copy as it is really written: Romanian with and without
diacritics (comma and cedilla forms), capitals, phrases broken by soft line breaks, and never
inside code, URLs or front matter values other than the title."""

from __future__ import annotations

import pytest

from support.deceptive import findings
from postcheck.checks.phrases import compiled_rule


def _rules(registry, text: str, lang: str) -> set[str]:
    return {f.rule for f in findings(registry, text, lang=lang) if f.rule.startswith("deceptive/")}


@pytest.mark.parametrize(
    "text",
    [
        "Garantăm rezultatul în 30 de zile.",  # comma-below and breve
        "Garantam rezultatul in 30 de zile.",  # no diacritics
        "GARANTĂM REZULTATUL ÎN 30 DE ZILE.",  # capitals
        "Rezultate garantate pentru oricine.",
        "Profitul e garantat.",
        "Rezultatul este garantat.",
    ],
)
def test_romanian_guarantee_inflections_and_diacritics(registry, text):
    assert "deceptive/guaranteed-results" in _rules(registry, text, "ro")


@pytest.mark.parametrize(
    "text, rule",
    [
        ("Ultima şansă să te înscrii!", "deceptive/fake-urgency"),  # cedilla ş
        ("Ultima șansă să te înscrii!", "deceptive/fake-urgency"),  # comma ș
        ("Ultima sansa sa te inscrii!", "deceptive/fake-urgency"),
        ("Îţi dăm banii înapoi!", "deceptive/money-back-bait"),  # cedilla ţ
        ("Îți dăm banii înapoi!", "deceptive/money-back-bait"),  # comma ț
        ("Iti dam banii inapoi!", "deceptive/money-back-bait"),
        ("Nu o să-ţi vină să crezi ce a urmat.", "deceptive/clickbait"),
        ("Nu o sa-ti vina sa crezi ce a urmat.", "deceptive/clickbait"),
        ("Produs prietenos cu mediul.", "deceptive/generic-green-claim"),
    ],
)
def test_romanian_comma_and_cedilla_forms(registry, text, rule):
    assert rule in _rules(registry, text, "ro")


@pytest.mark.parametrize(
    "text, lang, rule",
    [
        ("Like and share\nto win a free iPad.", "en", "deceptive/engagement-bait"),
        ("Our results are\n   guaranteed.", "en", "deceptive/guaranteed-results"),
        ("The serum is clinically\nproven.", "en", "deceptive/clinically-proven"),
        ("Dă like și\ndistribuie ca să\ncâștigi un iPad.", "ro", "deceptive/engagement-bait"),
        ("Cafeaua este neutră\nclimatic.", "ro", "deceptive/carbon-neutral"),
        ("> Only 3 spots\n> left!", "en", "deceptive/fake-scarcity"),
        ("- Get 1000 free\n  followers today.", "en", "deceptive/fake-followers"),
    ],
)
def test_phrases_broken_across_soft_line_breaks(registry, text, lang, rule):
    assert rule in _rules(registry, text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Call `guaranteed_results()` or `get 1000 free followers` in the API.\n",
        "```\nguaranteed results, only 3 spots left, sub4sub\n```\n",
        "    risk-free trial indented code\n",
        "See https://example.com/guaranteed-results-risk-free for details.\n",
        "Read [the docs](https://example.com/100-percent-free/clinically-proven).\n",
        "<div class=\"promo\" title=\"guaranteed results\">\n<script>var t = 'guaranteed results';</script>\n</div>\n",
        "<!-- guaranteed results, today only -->\nPlain text.\n",
        "---\ndescription: guaranteed results, today only, sub4sub\ntags: [risk-free]\n---\nPlain text.\n",
    ],
)
def test_never_in_code_urls_html_or_front_matter(registry, text):
    assert _rules(registry, text, "en") == set()


def test_the_title_is_prose(registry):
    text = "---\ntitle: Guaranteed results in 30 days\n---\nPlain text.\n"
    [finding] = [f for f in findings(registry, text, lang="en") if f.rule == "deceptive/guaranteed-results"]
    assert (finding.span.start.line, finding.span.start.column) == (2, 8)


def test_finding_points_at_the_exact_words_across_lines(registry):
    text = "Intro line.\n\nWe promise it: like and\nshare to win!\n"
    [finding] = [f for f in findings(registry, text, lang="en") if f.rule == "deceptive/engagement-bait"]
    assert (finding.span.start.line, finding.span.start.column) == (3, 16)
    assert (finding.span.end.line, finding.span.end.column) == (4, 13)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Feel free to ask questions.", "en"),
        ("What I do in my free time.", "en"),
        ("The risk assessment is due Friday.", "en"),
        ("Free shipping: see the conditions below.", "en"),
        ("Scrie-ne liber dacă ai întrebări.", "ro"),
        ("Gratuit pentru ONG-uri, pe bază de cerere; condițiile sunt pe pagina programului.", "ro"),
        ("În ultimele zile am lucrat la parser.", "ro"),
        ("Sunt 100% sigur că merge.", "ro"),
        ("Funcția nu are efecte secundare.", "ro"),
        ("Mediul de dezvoltare este prietenos cu mediul de testare.", "ro"),
    ],
)
def test_ordinary_words_do_not_trip_rules(registry, text, lang):
    assert _rules(registry, text, lang) == set()


def test_every_deceptive_rule_exists_in_both_languages(registry):
    deceptive = [rule for rule in registry.rules.values() if rule.family == "deceptive"]
    assert len(deceptive) >= 30
    for rule in deceptive:
        assert set(rule.examples) == {"en", "ro"}, rule.id
        assert rule.check == "sponsorship" or set(rule.patterns) == {"en", "ro"}, rule.id
        for examples in rule.examples.values():
            assert len(examples.match) >= 3 and len(examples.no_match) >= 3, rule.id
        assert rule.message_for("ro") != rule.message_for("en"), rule.id
        assert rule.text("explanation", "ro") != rule.text("explanation", "en"), rule.id


def test_phrase_rules_are_compiled_once_per_process(registry):
    rule = registry.get("deceptive/guaranteed-results")
    assert compiled_rule(rule, "ro") is compiled_rule(rule, "ro")
    assert compiled_rule(rule, "en") is not compiled_rule(rule, "ro")
