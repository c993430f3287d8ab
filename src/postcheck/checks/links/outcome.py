"""What requesting a URL gave, and per-domain settings: plain data, without the HTTP client.

Kept apart from :mod:`postcheck.checks.links.remote` so that a run that requests nothing
(``--offline``, posts without remote links, or a rerun the cache answers) never imports
asyncio and the HTTP client (a pre-commit hook would pay for them on every commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Mapping

from postcheck.checks.links.settings import DomainSettings
from postcheck.urls import host_of


class Failure(str, Enum):
    """Why a URL got no HTTP answer."""

    DNS = "dns"
    DNS_TEMPORARY = "dns-temporary"
    REFUSED = "refused"
    TLS = "tls"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    REDIRECT_LOOP = "redirect-loop"
    PRIVATE = "private"
    INVALID = "invalid"
    DEADLINE = "deadline"  # the whole links run ran out of time before this URL was done


TRANSIENT = {Failure.TIMEOUT, Failure.CONNECTION, Failure.DNS_TEMPORARY}


@dataclass
class Outcome:
    """What requesting one URL gave (after redirects and retries)."""

    url: str
    status: int | None = None
    final_url: str = ""
    #: Where a leading run of permanent redirects (301/308) leads.
    moved_to: str | None = None
    failure: Failure | None = None
    detail: str = ""
    #: ids/names of the page when they were asked for and it is HTML; None otherwise.
    anchors: frozenset[str] | None = None
    attempts: int = 0
    #: A bot challenge (Cloudflare ``cf-mitigated: challenge``) answered instead of the page.
    challenge: bool = False
    retry_after: float | None = field(default=None, repr=False)
    #: When the outcome was read from the cache: the time it was checked (epoch seconds).
    cached_at: float | None = None
    #: When the page was last modified (see :mod:`postcheck.checks.pagedates`), when known.
    modified: date | None = None

    @property
    def transient(self) -> bool:
        if self.failure is not None:
            return self.failure in TRANSIENT
        return self.status is not None and (self.status == 429 or self.status >= 500) and not self.challenge


def domain_settings(url: str, domains: Mapping[str, DomainSettings]) -> DomainSettings | None:
    """The ``domains:`` entry for ``url``'s host (most specific suffix wins)."""
    if not domains:
        return None
    host = host_of(url)
    best: tuple[int, DomainSettings] | None = None
    for name, settings in domains.items():
        name = name.lower().strip(".")
        if host == name or host.endswith("." + name):
            if best is None or len(name) > best[0]:
                best = (len(name), settings)
    return best[1] if best else None
