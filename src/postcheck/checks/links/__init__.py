"""The ``links`` family: extraction targets, remote requests, local files, anchors, cache.

Importing the package registers :class:`~postcheck.checks.links.check.LinksCheck` and the
``links:`` config section (:mod:`.settings`).
"""

from postcheck.checks.links import settings  # noqa: F401
from postcheck.checks.links.check import LinksCheck

__all__ = ["LinksCheck"]
