"""The claims check: find claims that a reader would ask "says who?" about, and report those
with no source.

A claim is sourced when its sentence carries a link or a footnote reference whose definition
has a URL, or when its paragraph carries an explicit citation: a citation phrase from the
pack ("(Source: …)", "(Sursa: …)") or a link whose text names a report, study or survey.

spaCy is only imported for a block that one of the enabled rules' ``cues`` (cheap regexes
from the pack) matches, so checking a post without candidate text never pays its import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.checks.claims.proof_points_check import substantiate
from postcheck.findings import Finding
from postcheck.model import BlockKind, Document, Position, ProseBlock
from postcheck.registry import Rule
from postcheck.textfold import fold

if TYPE_CHECKING:  # spaCy is imported lazily, only for blocks that may hold a claim
    from postcheck.checks.claims.pipeline import Analyzer

#: Kinds whose figures may be the author's own quantities: not claims in instructions and
#: plans ("post 3 times a week", "next quarter we plan 3 new series").
QUANTITY_RULES = frozenset({"claims/unsourced-statistic", "claims/unsourced-comparison"})
_WORDS = re.compile(r"\w+")


@register
class ClaimsCheck(DocumentCheck):
    """Reports unsourced claims, one finding per kind and sentence."""

    name = "claims"
    family = "claims"

    def __init__(self) -> None:
        self._analyzers: dict[str, Analyzer] = {}

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        rules = [r for r in self.rules(ctx.registry) if ctx.is_enabled(r.id) and r.cues.get(doc.lang)]
        if not rules:
            return
        cues = {rule.id: _cue_pattern(rule, doc.lang) for rule in rules}
        lexicon = ctx.registry.lexicon(self.name, doc.lang)
        for block in doc.prose():
            if block.kind is BlockKind.FOOTNOTE:
                continue
            folded = block.folded
            hit = {rule_id for rule_id, cue in cues.items() if cue.search(folded)}
            if hit:
                yield from self._check_block(doc, block, rules, hit, lexicon, ctx)

    def _analyzer(self, lang: str, rules: list[Rule], lexicon: dict[str, list[str]]) -> "Analyzer":
        """The language's analyzer, looked up once per run and language (the lookup hashes
        the rules' content, too slow to repeat for every block)."""
        from postcheck.checks.claims.pipeline import analyzer  # spaCy: only when needed

        if lang not in self._analyzers:
            self._analyzers[lang] = analyzer(lang, rules, lexicon)
        return self._analyzers[lang]

    def _check_block(
        self,
        doc: Document,
        block: ProseBlock,
        rules: list[Rule],
        rule_ids: set[str],
        lexicon: dict[str, list[str]],
        ctx: CheckContext,
    ) -> Iterable[Finding]:
        analysis = self._analyzer(doc.lang, rules, lexicon).analyse(block.text, rule_ids, set(QUANTITY_RULES))
        if analysis.cites or _cites_by_link(block, lexicon.get("source_link_words", [])):
            return
        for candidate in analysis.candidates:
            if not _sentence_sourced(doc, block, candidate.sentence):
                backed = substantiate(doc, block, candidate, ctx)  # the proof-point register
                if backed is not None:
                    yield from backed
                    continue
                match = block.text[candidate.start : candidate.end].replace("\n", " ")
                yield ctx.finding(doc, candidate.rule_id, block.span(candidate.start, candidate.end), match=match)


_CUES: dict[tuple[str, str], re.Pattern[str]] = {}


def _cue_pattern(rule: Rule, lang: str) -> re.Pattern[str]:
    """The rule's cues as one case-insensitive regex over folded text, compiled once."""
    key = (rule.id, lang)
    if key not in _CUES:
        _CUES[key] = re.compile("|".join(f"(?:{fold(c)})" for c in rule.cues[lang]), re.IGNORECASE)
    return _CUES[key]


def _cites_by_link(block: ProseBlock, source_words: list[str]) -> bool:
    """Whether a link in the paragraph names a report, study or survey in its text."""
    wanted = {fold(w.lower()) for w in source_words}
    return any(wanted & set(_WORDS.findall(fold(link.text.lower()))) for link in block.links if link.text_offsets)


def _sentence_sourced(doc: Document, block: ProseBlock, bounds: tuple[int, int]) -> bool:
    """A link, or a footnote reference whose definition has a URL, inside the sentence."""
    start, end = bounds
    first, last = block.span(start, max(end, start + 1)).start, _position_after(block, end)
    for link in block.links:
        if link.text_offsets:
            if link.text_offsets[0] < end and start < link.text_offsets[1]:
                return True
        elif first <= link.span.start < last:
            return True
    return any(start <= offset <= end and _footnote_has_url(doc, label) for label, offset in block.footnote_refs)


def _position_after(block: ProseBlock, end: int) -> Position:
    """The source position just after ``text[:end]`` (the block's end for the last sentence)."""
    if end < len(block.text):
        return block.source_map.position(end)
    return block.span(max(0, len(block.text) - 1), len(block.text)).end


def _footnote_has_url(doc: Document, label: str) -> bool:
    note = doc.footnotes.get(label)
    return bool(note and note.urls)
