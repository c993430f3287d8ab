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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.linear import Pattern, Subject
from postcheck.findings import Finding
from postcheck.model import Document
from postcheck.registry import Rule
from postcheck.textfold import fold


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    pattern: Pattern
    exception: Pattern | None


def compile_pattern(sources: list[str]) -> Pattern:
    """One case-insensitive, word-bounded regex for a list of pattern sources, run in linear
    time (see :mod:`postcheck.linear`)."""
    return Pattern([_spaces(fold(source)) for source in sources])


def _spaces(source: str) -> str:
    """An optional space (`` ?``) matches any white space or none; a space, any white space
    (line breaks included)."""
    source = re.sub(r"(?<!\\) \?", r"\\s*", source)
    return re.sub(r"(?<!\\) ", r"\\s+", source)


_CACHE: dict[tuple[str, str, int], CompiledRule | None] = {}


def compiled_rule(rule: Rule, lang: str) -> CompiledRule | None:
    """The rule's patterns for ``lang``, compiled once per process."""
    key = (rule.id, lang, id(rule))
    if key not in _CACHE:
        _CACHE[key] = _compile_rule(rule, lang)
    return _CACHE[key]


def _compile_rule(rule: Rule, lang: str) -> CompiledRule | None:
    sources = rule.patterns.get(lang)
    if not sources:
        return None
    exceptions = rule.exceptions.get(lang)
    return CompiledRule(rule, compile_pattern(sources), compile_pattern(exceptions) if exceptions else None)


def find_matches(compiled: CompiledRule, folded: str | Subject) -> Iterable[tuple[int, int]]:
    """Spans of ``folded`` text that the rule flags (exceptions removed)."""
    excepted = [m.span() for m in compiled.exception.finditer(folded)] if compiled.exception else []
    for match in compiled.pattern.finditer(folded):
        start, end = match.span()
        if end > start and not any(s < end and start < e for s, e in excepted):
            yield start, end


@register
class PhraseCheck(DocumentCheck):
    """Runs every pattern rule of the post's language over its prose."""

    name = "phrases"
    family = "deceptive"  # its rules may belong to any family; this is only its home

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        compiled = [
            c for rule in self.rules(ctx.registry) if ctx.is_enabled(rule.id) and (c := compiled_rule(rule, doc.lang))
        ]
        if not compiled:
            return
        for block in doc.prose():
            folded = Subject(block.folded)  # encoded once for all the rules
            for item in compiled:
                for start, end in find_matches(item, folded):
                    yield ctx.finding(doc, item.rule.id, block.span(start, end), match=block.text[start:end])
