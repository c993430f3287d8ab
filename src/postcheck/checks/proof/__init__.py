"""The ``proof`` family: a post on a sensitive topic links one of the team's proof pages.

:mod:`.check` is the check; :mod:`.settings` is the ``proof:`` config section.
"""

from postcheck.checks.proof import settings  # noqa: F401
from postcheck.checks.proof.check import ProofCheck

__all__ = ["ProofCheck"]
