"""The claims rules by kind: which ones a plan, a target or an example silences."""

from __future__ import annotations

STATISTIC = "claims/unsourced-statistic"
COMPARISON = "claims/unsourced-comparison"
SUPERLATIVE = "claims/unsourced-superlative"
ATTRIBUTION = "claims/unsourced-attribution"
#: A named source (a publication, an organisation) with no link: "according to TechCrunch".
UNLINKED = "claims/unlinked-source"

#: Kinds whose figures may be the author's own quantities: not claims in instructions, plans,
#: targets and worked examples ("post 3 times a week", "our target is 3%").
QUANTITIES = frozenset({STATISTIC, COMPARISON})
