"""The claims check: find claims that a reader would ask "says who?" about, and report those
with no source (see :mod:`.sourcing` for what sources a claim, and how far).

Figures are not claims where the post says they are its own targets, plans or limits: in a
section whose heading names them ("Goals", "Known limitations", "Obiective") and in a table
cell whose column header or row label does ("Target", "Baseline", "Țintă"). Nor are they in a
post that shows its own method and data (a benchmark, an experiment, a survey with charts).

spaCy is only imported for a block that one of the enabled rules' ``cues`` (cheap regexes
from the pack) matches, so checking a post without candidate text never pays its import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.checks.claims.kinds import QUANTITIES
from postcheck.checks.claims.proof_points_check import substantiate
from postcheck.checks.claims.words import ClaimWords
from postcheck.findings import Finding
from postcheck.linear import Pattern
from postcheck.model import BlockKind, Document, Link, LinkKind, ProseBlock
from postcheck.registry import Rule
from postcheck.textfold import fold

if TYPE_CHECKING:  # spaCy is imported lazily, only for blocks that may hold a claim
    from postcheck.checks.claims.pipeline import Analyzer
    from postcheck.checks.claims.sourcing import Sources

_WORDS = re.compile(r"\w+")
_FIGURE = re.compile(r"\d")
#: Charts and table rows of figures a post must show for its method to source its figures:
#: with the method named in a heading, or only in its prose.
MIN_SHOWN_DATA = 2
MIN_SHOWN_DATA_PROSE = 4


@register
class ClaimsCheck(DocumentCheck):
    """Reports unsourced claims, one finding per kind and sentence."""

    name = "claims"
    family = "claims"

    def __init__(self) -> None:
        self._analyzers: dict[str, Analyzer] = {}
        self._words: dict[int, tuple[dict[str, list[str]], ClaimWords]] = {}

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        rules = [r for r in self.rules(ctx.registry) if ctx.is_enabled(r.id) and r.cues.get(doc.lang)]
        if not rules:
            return
        cues = {rule.id: _cue_pattern(rule, doc.lang) for rule in rules}
        lexicon = ctx.registry.lexicon(self.name, doc.lang)
        words = self._claim_words(lexicon)
        shows_own_data = _shows_own_data(doc, words)
        sources: Sources | None = None
        in_own_section = False
        for block in doc.prose():
            if block.kind is BlockKind.HEADING:
                in_own_section = bool(words.own_sections & _block_words(block.text))
            if block.kind is BlockKind.FOOTNOTE:
                continue
            lowered = block.folded.lower()
            hit = {rule_id: cue for rule_id, cue in cues.items() if cue.search(lowered)}
            if not hit:
                continue
            if sources is None:
                from postcheck.checks.claims.sourcing import Sources  # imports spaCy

                sources = Sources(doc, words)
            own = shows_own_data or in_own_section or bool(words.own_columns & _block_words(" ".join(block.table_context)))
            yield from self._check_block(doc, block, rules, hit, lexicon, sources, QUANTITIES if own else frozenset(), ctx)

    def _claim_words(self, lexicon: dict[str, list[str]]) -> ClaimWords:
        """The pack's word lists, folded once per run (keyed by the lexicon itself)."""
        cached = self._words.get(id(lexicon))
        if cached is None or cached[0] is not lexicon:
            cached = self._words[id(lexicon)] = (lexicon, ClaimWords.from_lexicon(lexicon))
        return cached[1]

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
        cues: dict[str, re.Pattern[str]],
        lexicon: dict[str, list[str]],
        sources: "Sources",
        quiet: frozenset[str],
        ctx: CheckContext,
    ) -> Iterable[Finding]:
        analysis = self._analyzer(doc.lang, rules, lexicon).analyse(block.text, cues, quiet)
        for candidate in analysis.candidates:
            if not sources.sourced(block, analysis, candidate):
                backed = substantiate(doc, block, candidate, ctx)  # the proof-point register
                if backed is not None:
                    yield from backed
                    continue
                match = block.text[candidate.start : candidate.end].replace("\n", " ")
                span = block.span(candidate.start, candidate.end)
                yield ctx.finding(doc, candidate.rule_id, span, match=match, source=candidate.source or match)


_CUES: dict[tuple[str, str], Pattern] = {}


def _cue_pattern(rule: Rule, lang: str) -> Pattern:
    """The rule's cues as one regex over folded text, compiled once, in linear time (see
    :mod:`postcheck.linear`). A space in a cue matches any whitespace: prose keeps soft line
    breaks as "\\n"."""
    key = (rule.id, lang)
    if key not in _CUES:
        _CUES[key] = Pattern([fold(c).replace(" ", "\\s") for c in rule.cues[lang]], words=False)
    return _CUES[key]


def _shows_own_data(doc: Document, words: ClaimWords) -> bool:
    """Whether the post reports its own experiment, benchmark or analysis, and shows its data:
    a heading names its method ("Experiment setup", "Who took the survey") and the post has at
    least two charts or table rows with figures; or its prose says it measured ("we
    measured", "this dataset") and it has at least four. Its figures are then sourced by the
    post itself. Screenshots and photos (by their alt text) are not charts."""
    named_in_heading = any(words.own_data & _block_words(heading.text) for heading in doc.headings)
    needed = MIN_SHOWN_DATA if named_in_heading else MIN_SHOWN_DATA_PROSE
    charts = sum(1 for link in doc.links if _is_chart(doc, link, words.not_charts))
    rows = sum(1 for block in doc.blocks if block.kind is BlockKind.TABLE_CELL and _FIGURE.search(block.text)) // 2
    if charts + rows < needed:
        return False
    said = words.own_data_prose
    return named_in_heading or (said is not None and any(said.search(block.folded.lower()) for block in doc.prose()))


def _is_chart(doc: Document, link: Link, not_charts: frozenset[str]) -> bool:
    """An image that may show data: not one whose alt text says it is a screenshot, a photo
    or a logo (a conference roundup's pictures are not its own measurements)."""
    if link.kind is not LinkKind.IMAGE and not _is_html_image(doc, link):
        return False
    return not (not_charts & _block_words(link.text))


def _is_html_image(doc: Document, link: Link) -> bool:
    """An ``<img src>`` (HTML links are recorded at their attribute)."""
    if link.kind is not LinkKind.HTML:
        return False
    line = doc.line_text(link.span.start.line)
    return line[link.span.start.column - 1 :].lower().startswith("src")


def _block_words(text: str) -> set[str]:
    return set(_WORDS.findall(fold(text.lower())))
