"""spaCy matching for claims: blank pipelines, built once per process, imported lazily.

No trained model is needed (none can be downloaded): a blank ``en`` or ``ro`` tokenizer, the
rule-based sentencizer, a Matcher for the rule packs' token patterns and a PhraseMatcher for
their phrase lists. Every token's ``NORM`` is its lowercase form with Romanian diacritics
folded (ă â î ș ş ț ţ → a a i s s t t; computed once per word by the vocabulary), so a pack
written with diacritics matches copy typed without them; cedilla forms (ş ţ) are first turned
into comma forms (ș ț), which is what the Romanian tokenizer's exceptions expect.

Besides the rules' triggers, the pack's shared lists name sentence contexts that make some
kinds of claim not claims (see :data:`QUIETS`): the author's plans, targets, hypotheticals and
worked examples, requirements; and an instruction's own clause ("Post 3 times a week").

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
from spacy.tokens import Doc, Span, Token

from postcheck.linear import Pattern
from postcheck.checks.claims.bounds import MAX_PIECE, bounded, pieces
from postcheck.checks.claims.flags import LexemeFlags, validate
from postcheck.checks.claims.kinds import COMPARISON, QUANTITIES, SUPERLATIVE, UNLINKED
from postcheck.model import MASK
from postcheck.registry import Rule
from postcheck.textfold import fold

#: Cedilla forms to the comma-below forms Romanian text should use (same length).
COMMA_FORMS = str.maketrans("şţŞŢ", "șțȘȚ")
#: A soft line break or a tab is a space between words (same length, so offsets hold): spaCy
#: makes any other whitespace a token of its own, which breaks every pattern across lines.
SOFT_SPACES = str.maketrans("\n\t\r\u00a0", "    ")
#: Which rules each sentence context (a shared list of the pack) silences, and where: in the
#: whole sentence, from the context's own place on ("grew 40% if you count…" stays a claim),
#: from the start of the context's own clause on ("81 million doses were given, and by May
#: adults may be eligible" keeps its first clause), or in the whole sentence only when the
#: context opens it ("For example, 20% of…").
QUIETS: dict[str, tuple[frozenset[str], str]] = {
    "own_plan": (QUANTITIES, "clause"),
    "hedge": (QUANTITIES, "clause"),
    "hypothetical": (QUANTITIES | {SUPERLATIVE}, "onward"),
    "requirement": (frozenset({COMPARISON}), "onward"),
    "example": (QUANTITIES | {SUPERLATIVE}, "opening"),
}
#: The shared lists the matcher looks for besides the rules' own.
CONTEXTS = ("citation", *QUIETS)
#: Punctuation that can sit inside a name ("S&P Global", "JD.com", "T-Systems").
NAME_PUNCT = frozenset({"&", ".", "-"})
#: Brackets and quotes that open a sentence when they follow a full stop.
OPENERS = frozenset({"(", "[", '"', "“", "„", "«"})
#: What ends an instruction's clause: after it, a figure may be a claim again.
CLAUSE_ENDS = frozenset({";", ":", "—", "–", "(", "because", "since", "but", "deoarece", "fiindca", "dar", "insa"})
#: Conjunctions that, after a comma, start a clause of their own (", and by May…", ", iar…").
CLAUSE_JOINS = frozenset({"and", "while", "whereas", "so", "si", "iar"})


@dataclass(frozen=True)
class Candidate:
    """A trigger of ``rule_id`` at ``text[start:end]``, in the sentence ``text[sentence[0]:sentence[1]]``;
    ``source`` is the name a named-source claim gives ("TechCrunch")."""

    rule_id: str
    start: int
    end: int
    sentence: tuple[int, int]
    source: str = ""


@dataclass
class RuleMatchers:
    """One rule's matchers: its triggers, and the exemptions that cancel them (only run
    where a trigger matched, which is rare: most of a post's text is not a claim)."""

    triggers: Matcher
    trigger_phrases: PhraseMatcher
    exempts: Matcher
    exempt_phrases: PhraseMatcher


@dataclass
class Analysis:
    """What the matcher found in one block: the candidates, the sentences (character bounds)
    and where citation phrases ("Source:", "Sursa:") start."""

    candidates: list[Candidate]
    sentences: list[tuple[int, int]]
    citations: list[int]


class Analyzer:
    """One language's pipeline and matchers for a set of rules."""

    def __init__(self, lang: str, rules: Iterable[Rule], lexicon: dict[str, list[str]]) -> None:
        self.nlp = spacy.blank(lang)
        # Every new lexeme's NORM is computed once, by the vocabulary, instead of per token.
        self.nlp.vocab.lex_attr_getters[NORM] = _norm
        self.sentencizer = self.nlp.add_pipe("sentencizer")
        self.flags = LexemeFlags(self.nlp.vocab)
        self.abbreviations = frozenset(fold(a.lower()) for a in lexicon.get("abbreviations", []))
        self.instruction = frozenset(fold(w.lower()) for w in lexicon.get("instruction", []))
        self.name_cues = frozenset(fold(w.lower()) for w in lexicon.get("name_cues", []))
        # Matchers per rule, so a block runs only the rules whose cues it matched. Triggers
        # are built first: they run on every candidate sentence, so they get the flags first.
        self.matchers = {rule.id: RuleMatchers(*self._matchers(), *self._matchers()) for rule in rules}
        for label in ("trigger", "exempt"):
            for rule in rules:
                built = self.matchers[rule.id]
                tokens, phrases = (built.triggers, built.trigger_phrases) if label == "trigger" else (built.exempts, built.exempt_phrases)
                patterns = rule.token_patterns.get(lang, {}).get(label, [])
                for pattern in patterns:
                    validate(pattern, f"{rule.id} ({lang})")
                if patterns:
                    tokens.add(f"{rule.id}|{label}", [self.flags.compile(_folded_pattern(p)) for p in patterns])
                if rule.lexicon.get(lang, {}).get(label):
                    phrases.add(f"{rule.id}|{label}", [self._make(p) for p in rule.lexicon[lang][label]])
        self.contexts = PhraseMatcher(self.nlp.vocab, attr="NORM")
        for context in CONTEXTS:
            if lexicon.get(context):
                self.contexts.add(f"|{context}", [self._make(p) for p in lexicon[context]])

    def _matchers(self) -> tuple[Matcher, PhraseMatcher]:
        # validated by flags.validate before they are compiled (a flag is an id the Matcher's
        # own validation does not know)
        return Matcher(self.nlp.vocab, validate=False), PhraseMatcher(self.nlp.vocab, attr="NORM")

    def _make(self, text: str) -> Doc:
        """A tokenised, normalised doc (no sentences): what phrase patterns are made of."""
        return self.nlp.make_doc(text.translate(COMMA_FORMS))

    def analyse(self, text: str, cues: dict[str, Pattern], quiet: frozenset[str] = frozenset()) -> Analysis:
        """Candidates of the rules in ``cues`` in ``text``, except in the contexts that
        silence them; the rules in ``quiet`` are silent in the whole text. A rule's patterns
        only run on the sentences its cue (a regex over lowercased, folded text) finds."""
        if len(text) > MAX_PIECE:  # spaCy is quadratic on long words and refuses huge texts
            return _joined([(at, self.analyse(piece, cues, quiet)) for at, piece in pieces(text)])
        doc = self._make(bounded(text).translate(SOFT_SPACES))
        self._mark_non_breaks(doc)
        doc = self.sentencizer(doc)
        sentences = list(doc.sents)
        rule_ids = set(cues)
        active = {rule_id: cues[rule_id] for rule_id in rule_ids - quiet if rule_id in self.matchers}
        found = self._matches(doc, sentences, active)
        bounds = [(s.start_char, sentences[i + 1].start_char if i + 1 < len(sentences) else len(text)) for i, s in enumerate(sentences)]
        candidates = []
        for sentence, limits in zip(sentences, bounds):
            silenced = self._silenced(doc, sentence, found)
            for rule_id in sorted(rule_ids - quiet):
                hit = _first_trigger(found, rule_id, sentence.start, sentence.end, silenced.get(rule_id, ()))
                if hit:
                    span = doc[hit[0] : hit[1]]
                    source, end = self._named_source(span) if rule_id == UNLINKED else ("", span.end_char)
                    candidates.append(Candidate(rule_id, span.start_char, end, limits, source))
        citations = [doc[start].idx for start, _ in found.get("|citation", [])]
        return Analysis(candidates, bounds, citations)

    def _matches(self, doc: Doc, sentences: list[Span], cues: dict[str, Pattern]) -> dict[str, list[tuple[int, int]]]:
        """Token ranges of every match, by "rule|label" (or "|context"). A rule's triggers
        are looked for in the sentences its cue finds, its exemptions in the sentences where
        a trigger matched."""
        matches = list(self.contexts(doc))
        # one sentence: the block's own cue check found it
        folded = [fold(sentence.text.lower()) for sentence in sentences] if len(sentences) > 1 else [""]
        for rule_id, cue in sorted(cues.items()):
            matchers = self.matchers[rule_id]
            for sentence, text in zip(sentences, folded):
                if len(sentences) > 1 and not cue.search(text):
                    continue
                triggers = [*_run(matchers.triggers, sentence), *_run(matchers.trigger_phrases, sentence)]
                if triggers:
                    matches += [*triggers, *_run(matchers.exempts, sentence), *_run(matchers.exempt_phrases, sentence)]
        found: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in matches:
            found.setdefault(self.nlp.vocab.strings[match_id], []).append((start, end))
        return found

    def _silenced(self, doc: Doc, sentence: Span, found: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
        """Token ranges of the sentence where each rule is silent: its contexts' reach, and
        an instruction's own clause."""
        silenced: dict[str, list[tuple[int, int]]] = {}
        opening = next((t.i for t in sentence if t.is_alpha or t.like_num), sentence.start)
        for context, (rules, reach) in QUIETS.items():
            for start, _ in found.get(f"|{context}", []):
                if not sentence.start <= start < sentence.end or (reach == "opening" and start != opening):
                    continue
                first = _reach_start(reach, doc, sentence, start)
                for rule_id in rules:
                    silenced.setdefault(rule_id, []).append((first, sentence.end))
        clause = self._instruction_clause(doc, sentence)
        if clause:
            for rule_id in QUANTITIES:
                silenced.setdefault(rule_id, []).append(clause)
        return silenced

    def _instruction_clause(self, doc: Doc, sentence: Span) -> tuple[int, int] | None:
        """A sentence that opens with an imperative ("Post 3 times a week", "Fierbe 25 de
        minute") gives quantities to follow, not claims, up to the end of that clause: a
        statistic in the next clause ("…: accounts that do see 40% more reach") is a claim."""
        first = next((t for t in sentence if t.is_alpha or t.like_num), None)
        if first is None or first.norm_ not in self.instruction:
            return None
        end = next((t.i for t in doc[first.i + 1 : sentence.end] if t.norm_ in CLAUSE_ENDS), sentence.end)
        return sentence.start, end

    def _named_source(self, span: Span) -> tuple[str, int]:
        """The name a named-source trigger gives, for the message: the words after its cue
        ("According to *TechCrunch*", "used by companies like *Slack*"), or before it
        ("*Gartner* estimates that"); after a colon, the whole citation ("Source: *Acme
        annual survey 2025*"). Also where the finding ends: at the end of a name that runs
        past the trigger ("Potrivit *Ziarului Financiar*"), so the excerpt names it whole."""
        doc = span.doc
        names: list[Token] = []
        after_colon = False
        for token in doc[span.start : min(len(doc), span.end + 8)]:
            if not names and (token.norm_ in self.name_cues or token.is_punct):
                after_colon = token.text == ":"
                continue
            stop = (token.is_punct and token.text not in NAME_PUNCT) or token.norm_ in self.name_cues
            lower = not (token.text[:1].isupper() or token.like_num or token.text in NAME_PUNCT)
            if stop or (names and lower and not after_colon):
                break
            names.append(token)
        said = doc[names[0].i : names[-1].i + 1].text if names else ""
        name = said.strip(" .-&")
        if not name:
            return span[-1].text, span.end_char
        return name, max(span.end_char, names[0].idx + len(said.rstrip(" .-&")))

    def _mark_non_breaks(self, doc: Doc) -> None:
        """Keep sentences whole where the sentencizer would split them: after an abbreviation
        ("Fig. 3", "No. 5", "nr. 3", "e.g. this") and before a footnote reference or masked URL
        written right after the full stop ("grew 42%.[^1]"), which belongs to that sentence."""
        tokens = list(doc)  # a Doc builds a new Token object on every index
        for index in range(1, len(tokens)):
            previous, token = tokens[index - 1], tokens[index]
            if previous.text not in {".", "!", "?"} and not previous.text.endswith("."):
                continue
            word = previous.norm_.rstrip(".") if previous.text != "." else (tokens[index - 2].norm_ if index > 1 else "")
            abbreviated = word in self.abbreviations and (token.is_digit or token.is_lower or token.like_num)
            attached = token.text == MASK and not previous.whitespace_
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if abbreviated or attached:
                token.is_sent_start = False
            elif token.text in OPENERS and previous.whitespace_ and previous.text in {".", "!", "?"}:
                token.is_sent_start = True  # "…grew. (Source: …)": the bracket opens the next sentence
                if following is not None:
                    following.is_sent_start = False
            if attached and following is not None and not following.is_punct:
                following.is_sent_start = True  # the next sentence starts after the reference


def _joined(parts: list[tuple[int, Analysis]]) -> Analysis:
    """The analyses of consecutive pieces of one block (``(offset, analysis)``) as one."""
    candidates = [
        Candidate(c.rule_id, c.start + at, c.end + at, (c.sentence[0] + at, c.sentence[1] + at), c.source)
        for at, part in parts
        for c in part.candidates
    ]
    sentences = [(start + at, end + at) for at, part in parts for start, end in part.sentences]
    citations = [start + at for at, part in parts for start in part.citations]
    return Analysis(candidates, sentences, citations)


def _run(matcher: Matcher | PhraseMatcher, span: Span) -> list[tuple[int, int, int]]:
    """A matcher's matches in ``span``, as doc offsets (a Matcher run on a span gives offsets
    in the span, a PhraseMatcher in the doc); an empty one is not run (it warns, slowly)."""
    if not len(matcher):
        return []
    if isinstance(matcher, PhraseMatcher):
        return matcher(span)
    return [(key, start + span.start, end + span.start) for key, start, end in matcher(span)]


def _reach_start(reach: str, doc: Doc, sentence: Span, at: int) -> int:
    """Where a context found at token ``at`` starts silencing (see :data:`QUIETS`)."""
    if reach == "onward":
        return at
    return _clause_start(doc, sentence, at) if reach == "clause" else sentence.start


def _clause_start(doc: Doc, sentence: Span, at: int) -> int:
    """The first token of the clause that holds token ``at``: just after the last clause end
    (";", "but", …) or comma-and-conjunction (", and", ", iar") before it in the sentence."""
    start = sentence.start
    for token in doc[sentence.start : at]:
        joined = token.text == "," and token.i + 1 < at and token.nbor().norm_ in CLAUSE_JOINS
        if joined or token.norm_ in CLAUSE_ENDS:
            start = token.i + 1
    return start


def _first_trigger(
    found: dict[str, list[tuple[int, int]]], rule_id: str, start: int, end: int, silenced: Iterable[tuple[int, int]]
) -> tuple[int, int] | None:
    """The rule's first trigger inside tokens ``[start, end)`` that no exempt match overlaps
    and no context silences (the longest one when several start there)."""
    blocked = [*found.get(f"{rule_id}|exempt", [])]
    quiet = list(silenced)
    hits = [
        (s, e)
        for s, e in found.get(f"{rule_id}|trigger", [])
        if start <= s < end and not any(x < e and s < y for x, y in blocked) and not any(x <= s < y for x, y in quiet)
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
