"""Every regex that sees post text runs in linear time (issue 14).

For every pattern, exception, topic and cue of every rule in every pack, and for every regex
of the parser and the checks, adversarial strings are generated from the regex's own
structure (tests/support/pumping.py: each repetition pumped to 4,000 characters, every way of
matching it, with a failing end). Each is run through the engine that runs it for real (the phrase
engine, the claims pre-filter, the module's compiled regex). An attack fails the test when it
takes a second, or more than the budget and over three times as long as with half the
pumping: so a pack edit that brings back ``\\d[\\d,.]*k? followers`` on ``1,1,1,…`` (seconds on
16 KB) is caught, and a slow CI machine is not.
"""

from __future__ import annotations

import re

import pytest

from postcheck.checks.claims import bounds
from postcheck.checks.claims.check import _cue_pattern
from postcheck.checks.phrases import _spaces, compile_pattern
from postcheck.checks.utm import check as utm_check
from postcheck.checks.utm import ga4, tracking
from postcheck.parse import MDX_ESM, frontmatter, slugs, source
from postcheck.parse.markdown import ATTRIBUTE_ID, HEADING_ATTRIBUTES, HTML_ANCHOR, HTML_ATTRIBUTE, REFERENCE_DEF
from postcheck.registry import LANGUAGES
from postcheck.textfold import fold
from postcheck import language, suppress
from support.pumping import search_all, superlinear

LENGTH = 4000  # characters of each attack
BUDGET = 0.05  # seconds for one attack of a few KB; a linear engine needs a few ms at most

POST_TEXT_REGEXES = {
    "parse.markdown.HTML_ATTRIBUTE": HTML_ATTRIBUTE,
    "parse.markdown.HTML_ANCHOR": HTML_ANCHOR,
    "parse.markdown.HEADING_ATTRIBUTES": HEADING_ATTRIBUTES,
    "parse.markdown.ATTRIBUTE_ID": ATTRIBUTE_ID,
    "parse.markdown.REFERENCE_DEF": REFERENCE_DEF,
    "parse.MDX_ESM": MDX_ESM,
    "parse.frontmatter.TOML_KEY": frontmatter.TOML_KEY,
    "parse.source.LINE_END": source.LINE_END,
    "parse.slugs._STRIP": slugs._STRIP,
    "utm.EMAIL": utm_check.EMAIL,
    "utm.PHONE": utm_check.PHONE,
    "utm.DATE": utm_check.DATE,
    "utm.tracking.VALUE": tracking.VALUE,
    "utm.tracking.HTML_SRC": tracking.HTML_SRC,
    "utm.ga4.PAID": ga4.PAID,
    "utm.ga4.SHOP_CAMPAIGN": ga4.SHOP_CAMPAIGN,
    "utm.ga4.VIDEO_MEDIUM": ga4.VIDEO_MEDIUM,
    "suppress.DIRECTIVE": suppress.DIRECTIVE,
    "language._WORD": language._WORD,
    "claims.bounds._LONG_WORD": bounds._LONG_WORD,
    "claims.bounds._SENTENCE_END": bounds._SENTENCE_END,
}


def pack_regexes(registry):
    """``(name, source as compiled, runner)`` for every regex of every pack, each run the way
    the engine runs it: inside its rule's whole compiled pattern."""
    for rule in sorted(registry.rules.values(), key=lambda r: r.id):
        for lang in LANGUAGES:
            for kind, sources in (("patterns", rule.patterns.get(lang)), ("exceptions", rule.exceptions.get(lang))):
                if sources:
                    compiled = compile_pattern(sources)
                    for index, source in enumerate(sources):
                        yield f"{rule.id} {lang} {kind}[{index}]", _spaces(fold(source)), compiled
            for topic, terms in rule.topics.get(lang, {}).items():
                compiled = compile_pattern(terms)
                for index, source in enumerate(terms):
                    yield f"{rule.id} {lang} topics.{topic}[{index}]", _spaces(fold(source)), compiled
            if rule.cues.get(lang):
                compiled = _cue_pattern(rule, lang)
                for index, source in enumerate(rule.cues[lang]):
                    yield f"{rule.id} {lang} cues[{index}]", fold(source), compiled


def test_every_pack_regex_is_linear_on_adversarial_input(registry):
    checked, slow = 0, {}
    for name, source_text, compiled in pack_regexes(registry):
        checked += 1
        found = superlinear(search_all(compiled), source_text, LENGTH, BUDGET, re.IGNORECASE)
        if found:
            slow[name] = found[:2]
    assert checked > 400  # every pack, every language
    assert not slow, "\n".join(f"{name}: {cases}" for name, cases in slow.items())


@pytest.mark.parametrize("name", sorted(POST_TEXT_REGEXES))
def test_every_regex_that_sees_post_text_is_linear(name):
    pattern = POST_TEXT_REGEXES[name]
    assert superlinear(search_all(pattern), pattern.pattern, LENGTH, BUDGET, pattern.flags) == []


def test_the_generator_finds_the_catastrophic_patterns_of_issue_14():
    """The attacks do reach the shapes that were slow, under Python's re: the old
    fake-followers pattern (``1,1,1,…``) and the old HTML-anchor regex (``<a <a <a…``)."""
    old = {
        r"(?<!\w)(?:\d[\d,.]*k?\s+(?:(?:real|active)\s+)*followers\s+in\s+(?:\d+|one)\s+days?)(?!\w)": re.IGNORECASE,
        r"""<[a-z][^>]*?\b(?:id|name)\s*=\s*["']?([^"'\s>]+)""": re.IGNORECASE,
    }
    for source_text, flags in old.items():
        assert superlinear(search_all(re.compile(source_text, flags)), source_text, LENGTH, BUDGET, flags, cap=0.3, first=True), source_text
