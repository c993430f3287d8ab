"""The spaCy side of the claims check: tokenizer traps, sentence breaks, one build per
process, and no spaCy import for a post without candidate text."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from support.claims import claims, kinds
from postcheck.checks.claims.pipeline import analyzer

STAT = "claims/unsourced-statistic"
#: A cue that finds every sentence (the check passes each rule's own).
ANYWHERE = re.compile("")


def _analyzer(registry, lang):
    return analyzer(lang, registry.for_check("claims"), registry.lexicon("claims", lang))


def test_romanian_keeps_decimal_percent_as_one_token_and_still_matches(registry):
    nlp = _analyzer(registry, "ro").nlp
    assert [t.text for t in nlp.make_doc("la 1,8% anul")] == ["la", "1,8%", "anul"]
    [candidate] = _analyzer(registry, "ro").analyse("Rata a urcat la 1,8% anul trecut.", {STAT: ANYWHERE}).candidates
    assert (candidate.start, candidate.end) == (16, 20)


def test_english_splits_percent_and_the_match_covers_both_tokens(registry):
    nlp = _analyzer(registry, "en").nlp
    assert [t.text for t in nlp.make_doc("grew 45%")] == ["grew", "45", "%"]
    [candidate] = _analyzer(registry, "en").analyse("Reach grew 45% in May.", {STAT: ANYWHERE}).candidates
    assert "Reach grew 45% in May."[candidate.start : candidate.end] == "45%"


def test_no_and_fig_do_not_end_a_sentence(registry):
    text = "See Fig. 3 and No. 5 in the appendix. Reach grew 45% without a source."
    analysis = _analyzer(registry, "en").analyse(text, {STAT: ANYWHERE})
    [candidate] = analysis.candidates
    assert candidate.sentence[0] == text.index("Reach")
    ro = "Vezi fig. 2 și nr. 3 din anexă. Rata a crescut la 2,6%."
    [candidate] = _analyzer(registry, "ro").analyse(ro, {STAT: ANYWHERE}).candidates
    assert candidate.sentence[0] == ro.index("Rata")


def test_a_footnote_written_after_the_full_stop_sources_its_sentence(registry):
    text = "Reach grew 45% last year.[^1] Clicks grew 12% too.\n\n[^1]: Dashboard, https://example.com/d\n"
    assert [f.excerpt for f in claims(registry, text, "en")] == ["12%"]


def test_pipelines_are_built_once_per_process(registry):
    first = _analyzer(registry, "en")
    assert _analyzer(registry, "en") is first
    assert _analyzer(registry, "ro") is not first


def test_every_pack_pattern_is_valid_for_spacy(registry):
    for lang in ("en", "ro"):
        built = _analyzer(registry, lang)
        assert len(built.matchers) == 5 and len(built.contexts) >= 6
        assert sum(len(m.triggers) + len(m.exempts) for m in built.matchers.values()) >= 8


def test_a_bad_pattern_in_a_pack_is_reported_with_its_rule(registry):
    from postcheck.checks.claims.flags import validate

    with pytest.raises(ValueError, match="claims/x"):
        validate([{"NORM": {"NOT_IN": ["of", True]}}], "claims/x")


def test_flags_match_like_the_predicates_they_stand_for(registry):
    """The same candidates whether a first token's predicates are a flag or not."""
    from postcheck.checks.claims.flags import LexemeFlags

    import spacy

    # A pipeline of its own: new flags on the shared analyzer's vocabulary would take the ids
    # of the flags its matchers already use, and change what later tests find.
    nlp = spacy.blank("en")
    flags = LexemeFlags(nlp.vocab)
    pattern = [{"TEXT": {"REGEX": "^[A-Z]"}, "NORM": {"NOT_IN": ["it", "this"]}}, {"NORM": "says"}]
    compiled = flags.compile(pattern)
    assert list(compiled[0]) != list(pattern[0])
    doc = nlp("It says no. Gartner says yes. this says maybe.")
    from spacy.matcher import Matcher

    plain, fast = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)
    plain.add("x", [pattern])
    fast.add("x", [compiled])
    assert plain(doc) == fast(doc) == [(nlp.vocab.strings["x"], 4, 6)]


def test_romanian_may_is_not_more(registry):
    assert kinds(claims(registry, "În mai am publicat mai multe articole decât în aprilie.\n", "ro")) == set()


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()


def test_spacy_is_not_imported_for_a_post_without_candidate_text(tmp_path):
    (tmp_path / "calm.md").write_text("---\ntitle: Calm\nlang: en\n---\nA calm note about our week.\n", encoding="utf-8")
    (tmp_path / "claim.md").write_text("---\ntitle: Claim\nlang: en\n---\nReach grew 45% this year.\n", encoding="utf-8")
    code = """
        import sys
        from pathlib import Path
        from postcheck import config
        from postcheck.checks import RunOptions
        from postcheck.rulepack import load_registry
        from postcheck.runner import run
        registry = load_registry()
        cfg = config.from_mapping({{}}, None, root=Path({root!r}))
        result = run([Path({root!r}) / {name!r}], cfg, registry, RunOptions(offline=True))
        print(len(result.reports[0].findings), "spacy" in sys.modules)
    """
    assert _run(code.format(root=str(tmp_path), name="calm.md")) == "0 False"
    assert _run(code.format(root=str(tmp_path), name="claim.md")).endswith("True")
