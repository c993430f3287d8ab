"""The ``proof`` family: a post on a sensitive topic links one of the team's proof pages.

:mod:`.check` is the check; :mod:`.pages` says which configured pages a post links;
:mod:`.freshness` reports links to pages not updated within ``proof.max_age_days``;
:mod:`.settings` is the ``proof:`` config section.
"""

from postcheck.checks.proof import settings  # noqa: F401
from postcheck.checks.proof.check import ProofCheck
from postcheck.checks.proof.freshness import FreshnessCheck

__all__ = ["FreshnessCheck", "ProofCheck"]
