"""Which links settings a config may set, depending on where the config came from.

postcheck runs in CI on pull requests, so a config file discovered next to the posts may have
been written by the pull request (the nearest config wins). Such a config can still choose
what is checked and how strictly, but it cannot widen what the checker may reach or send:
``allow_private`` and ``domains.*.headers`` are honoured only from a config given with
``--config`` (a file the workflow controls) or, for ``allow_private``, from the environment
(``POSTCHECK_LINKS_ALLOW_PRIVATE=1``); and its ``cache_dir`` must stay inside the project (the
cache is a file postcheck writes).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Mapping

from postcheck.checks.links.settings import LinksSettings

LOG = logging.getLogger("postcheck.links")
ALLOW_PRIVATE_VARIABLE = "POSTCHECK_LINKS_ALLOW_PRIVATE"
_YES = {"1", "true", "yes", "on"}


def effective(settings: LinksSettings, trusted: bool, environ: Mapping[str, str], where: str, root: Path) -> LinksSettings:
    """``settings`` with what an untrusted config (``where``, in folder ``root``) may not
    widen taken back, and ``allow_private`` from the environment added."""
    from_environment = environ.get(ALLOW_PRIVATE_VARIABLE, "").strip().lower() in _YES
    if trusted:
        return dataclasses.replace(settings, allow_private=settings.allow_private or from_environment)
    ignored = []
    if settings.allow_private:
        ignored.append("links.allow_private")
    cache_dir = settings.cache_dir
    if not (root / cache_dir).resolve().is_relative_to(root.resolve()):
        ignored.append("links.cache_dir (outside the project)")
        cache_dir = LinksSettings.cache_dir
    domains = {}
    for host, domain in settings.domains.items():
        if domain.headers:
            ignored.append(f"links.domains.{host}.headers")
        domains[host] = dataclasses.replace(domain, headers={})
    if ignored:
        LOG.warning(
            "postcheck: %s in %s ignored: settings that widen what postcheck may reach or send are "
            "honoured only from a config given with --config (or %s=1 in the environment)",
            ", ".join(ignored), where, ALLOW_PRIVATE_VARIABLE,
        )
    return dataclasses.replace(settings, allow_private=from_environment, domains=domains, cache_dir=cache_dir)
