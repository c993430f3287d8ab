"""The ``deceptive`` family: deceptive-practice phrasing and undisclosed sponsorship.

Most of its rules are data (``rules/*/deceptive.yaml``), run by the shared phrase check
(:mod:`postcheck.checks.phrases`); :mod:`.sponsorship` is the code-backed disclosure rule (with
:mod:`.platforms`, each platform's paid-partnership setting); :mod:`.settings` is the
``deceptive:`` config section.
"""

from postcheck.checks.deceptive import settings  # noqa: F401
from postcheck.checks.deceptive.sponsorship import SponsorshipCheck

__all__ = ["SponsorshipCheck"]
