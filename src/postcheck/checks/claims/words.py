"""The shared word lists of a claims pack that the check reads itself (the matcher reads the
others), folded and compiled once per run instead of once per post."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postcheck.linear import Pattern
from postcheck.textfold import fold


@dataclass(frozen=True)
class ClaimWords:
    """What marks the author's own figures, and what names or points back at a report."""

    #: Headings of sections whose figures are the author's targets, plans, prices or limits.
    own_sections: frozenset[str]
    #: Table column headers and row labels that make a cell a target, a baseline or a plan.
    own_columns: frozenset[str]
    #: Headings that say the post shows its own method and data.
    own_data: frozenset[str]
    #: Phrases of the prose that say the post reports its own measurements ("we measured").
    own_data_prose: Pattern | None
    #: Words of an image's alt text that make it a picture, not a chart ("screenshot", "photo").
    not_charts: frozenset[str]
    #: Words of a link's text that make it name a report, study or survey.
    report_words: frozenset[str]
    #: Phrases of a later sentence that point back at such a link ("the report").
    pointer: Pattern | None

    @classmethod
    def from_lexicon(cls, lexicon: dict[str, list[str]]) -> "ClaimWords":
        return cls(
            own_sections=_folded(lexicon, "own_figures_headings"),
            own_columns=_folded(lexicon, "own_figures_columns"),
            own_data=_folded(lexicon, "own_data_headings"),
            own_data_prose=_phrases(lexicon, "own_data_phrases"),
            not_charts=_folded(lexicon, "own_data_not_charts"),
            report_words=_folded(lexicon, "source_link_words"),
            pointer=_phrases(lexicon, "report_pointers"),
        )


def _folded(lexicon: dict[str, list[str]], name: str) -> frozenset[str]:
    return frozenset(fold(word.lower()) for word in lexicon.get(name, []))


def _phrases(lexicon: dict[str, list[str]], name: str) -> Pattern | None:
    """One linear-time pattern for a list of whole-word phrases, over folded text (post text:
    see :mod:`postcheck.linear`)."""
    phrases = sorted({fold(p.lower()) for p in lexicon.get(name, [])}, key=len, reverse=True)
    return Pattern([re.escape(phrase) for phrase in phrases]) if phrases else None
