"""The ``claims`` family: statistics, comparisons, superlatives and attributions with no source.

:mod:`.check` decides which blocks are worth a look (a cheap regex pre-filter) and whether a
candidate is sourced; :mod:`.pipeline` (which imports spaCy, lazily) finds the candidates with
the rule packs' token patterns and phrase lists.
"""

from postcheck.checks.claims.check import ClaimsCheck

__all__ = ["ClaimsCheck"]
