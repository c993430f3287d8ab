"""The ``links`` family: extraction targets, remote requests, local files, anchors, cache.

Importing the package registers :class:`~postcheck.checks.links.check.LinksCheck`.
"""

from postcheck.checks.links.check import LinksCheck

__all__ = ["LinksCheck"]
