"""spaCy matching for claims: blank pipelines, built once per process, imported lazily.

No trained model is needed (none can be downloaded): a blank ``en`` or ``ro`` tokenizer, the
rule-based sentencizer, a Matcher for the rule packs' token patterns and a PhraseMatcher for
their phrase lists. Every token's ``NORM`` is its lowercase form with Romanian diacritics
folded (ă â î ș ş ț ţ → a a i s s t t; computed once per word by the vocabulary), so a pack
written with diacritics matches copy typed without them; cedilla forms (ş ţ) are first turned
into comma forms (ș ț), which is what the Romanian tokenizer's exceptions expect.

spaCy costs most of a second to import, so this module is only imported when a block passes
the cheap regex pre-filter (see :mod:`postcheck.checks.claims.check`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

import spacy
from spacy.attrs import NORM
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from postcheck.checks.claims.bounds import MAX_PIECE, bounded, pieces
from postcheck.model import MASK
from postcheck.registry import Rule
from postcheck.textfold import fold

#: Cedilla forms to the comma-below forms Romanian text should use (same length).
COMMA_FORMS = str.maketrans("şţŞŢ", "șțȘȚ")
#: The shared lists the matcher uses as sentence contexts.
CONTEXTS = ("citation", "own_plan")


@dataclass(frozen=True)
class Candidate:
    """A trigger of ``rule_id`` at ``text[start:end]``, in the sentence ``text[sentence[0]:sentence[1]]``."""

    rule_id: str
    start: int
    end: int
    sentence: tuple[int, int]


@dataclass
class Analysis:
    """What the matcher found in one block: the candidates, and whether it cites a source."""

    candidates: list[Candidate]
    cites: bool


class Analyzer:
    """One language's pipeline and matchers for a set of rules."""

    def __init__(self, lang: str, rules: Iterable[Rule], lexicon: dict[str, list[str]]) -> None:
        self.nlp = spacy.blank(lang)
        # Every new lexeme's NORM is computed once, by the vocabulary, instead of per token.
        self.nlp.vocab.lex_attr_getters[NORM] = _norm
        self.sentencizer = self.nlp.add_pipe("sentencizer")
        self.abbreviations = frozenset(fold(a.lower()) for a in lexicon.get("abbreviations", []))
        self.instruction = frozenset(fold(w.lower()) for w in lexicon.get("instruction", []))
        # One matcher pair per rule, so a block runs only the rules whose cues it matched.
        self.matchers: dict[str, tuple[Matcher, PhraseMatcher]] = {}
        for rule in rules:
            tokens, phrases = self._matchers()
            for label, patterns in rule.token_patterns.get(lang, {}).items():
                tokens.add(f"{rule.id}|{label}", [_folded_pattern(p) for p in patterns])
            for label, items in rule.lexicon.get(lang, {}).items():
                phrases.add(f"{rule.id}|{label}", [self._make(p) for p in items])
            self.matchers[rule.id] = (tokens, phrases)
        self.contexts = PhraseMatcher(self.nlp.vocab, attr="NORM")
        for context in CONTEXTS:
            if lexicon.get(context):
                self.contexts.add(f"|{context}", [self._make(p) for p in lexicon[context]])

    def _matchers(self) -> tuple[Matcher, PhraseMatcher]:
        return Matcher(self.nlp.vocab, validate=True), PhraseMatcher(self.nlp.vocab, attr="NORM")

    def _make(self, text: str) -> Doc:
        """A tokenised, normalised doc (no sentences): what phrase patterns are made of."""
        return self.nlp.make_doc(text.translate(COMMA_FORMS))

    def analyse(self, text: str, rule_ids: set[str], quantity_rules: set[str]) -> Analysis:
        """Candidates of the rules in ``rule_ids`` in ``text``; triggers of ``quantity_rules``
        are dropped in instructions and in sentences about the author's own plans."""
        if len(text) > MAX_PIECE:  # spaCy is quadratic on long words and refuses huge texts
            return _joined([(at, self.analyse(piece, rule_ids, quantity_rules)) for at, piece in pieces(text)])
        doc = self._make(bounded(text))
        self._mark_non_breaks(doc)
        doc = self.sentencizer(doc)
        found: dict[str, list[tuple[int, int]]] = {}
        matches = list(self.contexts(doc))
        for rule_id in rule_ids & set(self.matchers):
            tokens, phrases = self.matchers[rule_id]
            matches += [*tokens(doc), *phrases(doc)]
        for match_id, start, end in matches:
            found.setdefault(self.nlp.vocab.strings[match_id], []).append((start, end))
        sentences = list(doc.sents)
        own_plan = found.get("|own_plan", [])
        candidates = []
        for index, sentence in enumerate(sentences):
            bounds = (sentence.start_char, sentences[index + 1].start_char if index + 1 < len(sentences) else len(text))
            quiet = self._is_instruction(sentence) or any(sentence.start <= s < sentence.end for s, _ in own_plan)
            for rule_id in sorted(rule_ids):
                if quiet and rule_id in quantity_rules:
                    continue
                hit = _first_trigger(found, rule_id, sentence.start, sentence.end)
                if hit:
                    span = doc[hit[0] : hit[1]]
                    candidates.append(Candidate(rule_id, span.start_char, span.end_char, bounds))
        return Analysis(candidates, cites=bool(found.get("|citation")))

    def _mark_non_breaks(self, doc: Doc) -> None:
        """Keep sentences whole where the sentencizer would split them: after an abbreviation
        ("Fig. 3", "No. 5", "nr. 3", "e.g. this") and before a footnote reference or masked URL
        written right after the full stop ("grew 42%.[^1]"), which belongs to that sentence."""
        for index in range(1, len(doc)):
            previous, token = doc[index - 1], doc[index]
            if previous.text not in {".", "!", "?"} and not previous.text.endswith("."):
                continue
            word = previous.norm_.rstrip(".") if previous.text != "." else (doc[index - 2].norm_ if index > 1 else "")
            abbreviated = word in self.abbreviations and (token.is_digit or token.is_lower or token.like_num)
            attached = token.text == MASK and not previous.whitespace_
            if abbreviated or attached:
                token.is_sent_start = False
            if attached and index + 1 < len(doc) and not doc[index + 1].is_punct:
                doc[index + 1].is_sent_start = True  # the next sentence starts after the reference

    def _is_instruction(self, sentence: Any) -> bool:
        """A sentence that opens with an imperative ("Post 3 times a week", "Fierbe 25 de
        minute") gives quantities to follow, not claims."""
        first = next((t for t in sentence if t.is_alpha or t.like_num), None)
        return first is not None and first.norm_ in self.instruction


def _joined(parts: list[tuple[int, Analysis]]) -> Analysis:
    """The analyses of consecutive pieces of one block (``(offset, analysis)``) as one."""
    candidates = [
        Candidate(c.rule_id, c.start + at, c.end + at, (c.sentence[0] + at, c.sentence[1] + at))
        for at, part in parts
        for c in part.candidates
    ]
    return Analysis(candidates, cites=any(part.cites for _, part in parts))


def _first_trigger(found: dict[str, list[tuple[int, int]]], rule_id: str, start: int, end: int) -> tuple[int, int] | None:
    """The rule's first trigger inside tokens ``[start, end)`` that no exempt match overlaps
    (the longest one when several start there)."""
    exempt = found.get(f"{rule_id}|exempt", [])
    hits = [
        (s, e)
        for s, e in found.get(f"{rule_id}|trigger", [])
        if start <= s < end and not any(x < e and s < y for x, y in exempt)
    ]
    if not hits:
        return None
    first = min(s for s, _ in hits)
    return first, min(max(e for s, e in hits if s == first), end)


def _norm(text: str) -> str:
    """A token's NORM: lowercase, Romanian diacritics folded."""
    return fold(text.lower())


def _folded_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A token pattern whose NORM values are folded like the tokens' norms."""
    return [{**token, "NORM": _fold_value(token["NORM"])} if "NORM" in token else token for token in pattern]


def _fold_value(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value.lower())
    if isinstance(value, dict):
        return {k: [fold(str(v).lower()) for v in vs] if isinstance(vs, list) else vs for k, vs in value.items()}
    return value


_ANALYZERS: dict[tuple[str, str], Analyzer] = {}


def analyzer(lang: str, rules: list[Rule], lexicon: dict[str, list[str]]) -> Analyzer:
    """The analyzer for ``lang`` and these rules, built once per process (keyed by content,
    so a reloaded but identical rule pack reuses it)."""
    key = (lang, _fingerprint(lang, rules, lexicon))
    if key not in _ANALYZERS:
        _ANALYZERS[key] = Analyzer(lang, rules, lexicon)
    return _ANALYZERS[key]


def _fingerprint(lang: str, rules: list[Rule], lexicon: dict[str, list[str]]) -> str:
    parts = [(r.id, r.token_patterns.get(lang), r.lexicon.get(lang)) for r in sorted(rules, key=lambda r: r.id)]
    return json.dumps([parts, lexicon], sort_keys=True, default=str)
