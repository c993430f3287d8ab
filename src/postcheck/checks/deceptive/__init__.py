"""The ``deceptive`` family: deceptive-practice phrasing and undisclosed sponsorship.

Most of its rules are data (``rules/*/deceptive.yaml``), run by the shared phrase check
(:mod:`postcheck.checks.phrases`); :mod:`.sponsorship` is the code-backed disclosure rule.
"""

from postcheck.checks.deceptive.sponsorship import SponsorshipCheck

__all__ = ["SponsorshipCheck"]
