"""The phrase check: every YAML rule with ``patterns`` (Vale's "existence" rules).

Patterns are regular expressions matched against prose, case-insensitively, with three
conveniences so that rule packs stay readable and survive real copy:

- a space in a pattern matches any run of white space, line breaks included (a phrase broken
  across a soft line break still matches), and an optional space (`` ?``) matches none too;
- Romanian diacritics are folded on both sides (ă â î ș ş ț ţ → a a i s s t t) so one pattern
  matches text with and without diacritics, in either the comma or the cedilla form;
- a pattern only matches whole words (it cannot start or end inside a word).

``exceptions`` are patterns too; a match that overlaps an exception's match is dropped
("risk-free" is flagged, "risk assessment" is not).

A rule marked ``negatable`` is cancelled by a negation cue shortly before its match, in the
same clause ("we can't guarantee results", "nu garantăm rezultate"): at most
:data:`NEGATION_WORDS` words back, and never across a clause break (punctuation, or a
contrast word such as "but"). Each language declares its cues once, in a pack's top-level
``lexicons: {phrases: {negation: [...], clause_breaks: [...]}}``, so a rule never lists its own.
The look-back is bounded, so matching stays linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.linear import Pattern, Subject
from postcheck.findings import Finding
from postcheck.model import Document
from postcheck.registry import Registry, Rule
from postcheck.textfold import fold


#: How many words before a match a negation cue may stand ("no system is 100% secure": 3).
NEGATION_WORDS = 6
#: How many characters before a match are read to find those words (bounds the work per match).
NEGATION_CHARS = 80
#: Punctuation that ends a clause for negation: a cue never reaches across it ("1,000" and
#: "99.9" are numbers, not breaks).
_CLAUSE_PUNCTUATION = r"[.!?;:,](?!\w)|[()\[\]{}\u2014\u2013\u2026]|\s-\s"


@dataclass(frozen=True)
class Negation:
    """A language's negation cues and clause breaks, compiled."""

    cue: re.Pattern[str]
    clause_break: re.Pattern[str]

    def cancels(self, folded: str, start: int) -> bool:
        """Whether a cue stands within :data:`NEGATION_WORDS` words before ``start``, in the
        same clause."""
        window_start = max(0, start - NEGATION_CHARS)
        window = folded[window_start:start]
        breaks = [m.end() for m in self.clause_break.finditer(window)]
        clause = window[breaks[-1] :] if breaks else window
        words = clause.split()
        if not breaks and window_start > 0 and folded[window_start - 1].isalnum() and words:
            words = words[1:]  # the window cut a word in two: its tail is not a word
        return bool(self.cue.search(" ".join(words[-NEGATION_WORDS:])))


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    pattern: Pattern
    exception: Pattern | None
    negation: Negation | None = None


def _text(folded: str | Subject) -> str:
    return folded.text if isinstance(folded, Subject) else folded


def compile_pattern(sources: list[str]) -> Pattern:
    """One case-insensitive, word-bounded regex for a list of pattern sources, run in linear
    time (see :mod:`postcheck.linear`)."""
    return Pattern([_spaces(fold(source)) for source in sources])


def _spaces(source: str) -> str:
    """An optional space (`` ?``) matches any white space or none; a space, any white space
    (line breaks included)."""
    source = re.sub(r"(?<!\\) \?", r"\\s*", source)
    return re.sub(r"(?<!\\) ", r"\\s+", source)


_NEGATIONS: dict[tuple[tuple[str, ...], tuple[str, ...]], Negation] = {}


def negation_for(registry: Registry, lang: str) -> Negation | None:
    """The negation cues ``lang``'s packs declare, compiled once per process (None: none)."""
    lexicon = registry.lexicon("phrases", lang)
    cues, breaks = tuple(lexicon.get("negation", ())), tuple(lexicon.get("clause_breaks", ()))
    if not cues:
        return None
    if (cues, breaks) not in _NEGATIONS:
        # Python's re is fine for cues and breaks: they only ever read a window of NEGATION_CHARS
        # characters, so even a lookahead ("not" but not "not only") costs a bounded time.
        words = "|(?<!\\w)(?:" + "|".join(_spaces(fold(b)) for b in breaks) + ")(?!\\w)" if breaks else ""
        clause_break = re.compile(_CLAUSE_PUNCTUATION + words, re.IGNORECASE)
        cue = re.compile(r"(?<!\w)(?:" + "|".join(_spaces(fold(c)) for c in cues) + r")(?!\w)", re.IGNORECASE)
        _NEGATIONS[cues, breaks] = Negation(cue, clause_break)
    return _NEGATIONS[cues, breaks]


_CACHE: dict[tuple[str, str, int, int], CompiledRule | None] = {}


def compiled_rule(rule: Rule, lang: str, negation: Negation | None = None) -> CompiledRule | None:
    """The rule's patterns for ``lang``, compiled once per process; ``negation`` applies when
    the rule is ``negatable``."""
    negation = negation if rule.negatable else None
    key = (rule.id, lang, id(rule), id(negation))
    if key not in _CACHE:
        _CACHE[key] = _compile_rule(rule, lang, negation)
    return _CACHE[key]


def _compile_rule(rule: Rule, lang: str, negation: Negation | None) -> CompiledRule | None:
    sources = rule.patterns.get(lang)
    if not sources:
        return None
    exceptions = rule.exceptions.get(lang)
    return CompiledRule(rule, compile_pattern(sources), compile_pattern(exceptions) if exceptions else None, negation)


def find_matches(compiled: CompiledRule, folded: str | Subject) -> Iterable[tuple[int, int]]:
    """Spans of ``folded`` text that the rule flags (exceptions and negated matches removed).
    The exceptions are only searched once the rule has matched: most text never does."""
    excepted: list[tuple[int, int]] | None = None
    for match in compiled.pattern.finditer(folded):
        start, end = match.span()
        if end <= start:
            continue
        if excepted is None:
            excepted = [m.span() for m in compiled.exception.finditer(folded)] if compiled.exception else []
        if any(s < end and start < e for s, e in excepted):
            continue
        if compiled.negation is None or not compiled.negation.cancels(_text(folded), start):
            yield start, end


@register
class PhraseCheck(DocumentCheck):
    """Runs every pattern rule of the post's language over its prose."""

    name = "phrases"
    family = "deceptive"  # its rules may belong to any family; this is only its home

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        negation = negation_for(ctx.registry, doc.lang)
        compiled = [
            c
            for rule in self.rules(ctx.registry)
            if ctx.is_enabled(rule.id) and (c := compiled_rule(rule, doc.lang, negation))
        ]
        if not compiled:
            return
        for block in doc.prose():
            folded = Subject(block.folded)  # encoded once for all the rules
            for item in compiled:
                for start, end in find_matches(item, folded):
                    yield ctx.finding(doc, item.rule.id, block.span(start, end), match=block.text[start:end])
