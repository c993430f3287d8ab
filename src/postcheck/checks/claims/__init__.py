"""The ``claims`` family: statistics, comparisons, superlatives and attributions with no source.

:mod:`.check` decides which blocks are worth a look (a cheap regex pre-filter) and whether a
candidate is sourced; :mod:`.pipeline` (which imports spaCy, lazily) finds the candidates with
the rule packs' token patterns and phrase lists. The proof-point register (approved claims
and their evidence) is :mod:`.proof_points` (the model), :mod:`.proof_points_file` (reading
and validating it) and :mod:`.proof_points_check` (its place in a run).
"""

from postcheck.checks.claims.check import ClaimsCheck
from postcheck.checks.claims.proof_points_check import RegisterCheck

__all__ = ["ClaimsCheck", "RegisterCheck"]
