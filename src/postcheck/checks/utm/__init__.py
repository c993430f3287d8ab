"""The ``utm`` family: owned links carry UTM tags that analytics can trust.

:mod:`.check` reports, :mod:`.fix` adds the missing tags (``postcheck fix``), :mod:`.tracking`
decides which links are tracked and what they should carry (shared by both, so they agree),
:mod:`.ga4` predicts the GA4 channel from the table in ``ga4_data/``, and :mod:`.settings` is
the ``utm:`` config section.
"""

from postcheck.checks.utm import settings  # noqa: F401
from postcheck.checks.utm.check import UtmCheck

__all__ = ["UtmCheck"]
