"""Settings of the ``links`` family.

Secrets never live here: ``domains.<host>.headers`` maps a header name to the *name* of an
environment variable that holds its value, so the committed config can say "send GitHub a
token" without containing one.
"""

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from postcheck.sections import ProjectFolder, register_section
from postcheck.sections import SettingsError


@dataclass
class DomainSettings:
    """Overrides for one host and its subdomains (``domains: {linkedin.com: {...}}``)."""

    #: Never request links to this host (no finding either: the team chose not to check it).
    skip: bool = False
    #: Statuses that count as working for this host (e.g. ``[999]`` for LinkedIn).
    accept: list[int] = field(default_factory=list)
    #: Header name → environment variable NAME holding its value (unset variable: not sent).
    headers: dict[str, str] = field(default_factory=dict)


@register_section("links")
@dataclass
class LinksSettings:
    #: Seconds per request.
    timeout: float = 10.0
    #: Regexes of URLs that are never requested.
    exclude: list[str] = field(default_factory=list)
    #: ``get``: one streamed GET per URL; ``head``: HEAD first, GET when HEAD is not 2xx.
    method: Literal["get", "head"] = "get"
    #: Requests in flight at once, over all hosts.
    concurrency: int = 16
    #: Requests in flight at once to one host (host:port), so no site is hammered.
    per_host: int = 4
    #: Extra attempts after a transient failure (timeout, connection error, 5xx, 429).
    retries: int = 2
    #: Seconds before the first retry; doubled for each further one.
    backoff: float = 0.25
    #: Longest ``Retry-After`` honoured, in seconds; a longer one is waited this long.
    retry_after_max: float = 30.0
    user_agent: str = "Mozilla/5.0 (compatible; postcheck/0.1; +https://github.com/postcheck/postcheck)"
    #: Request private, loopback and link-local addresses (off: a post must not make CI
    #: probe the internal network).
    allow_private: bool = False
    #: Check ``#fragments`` of remote HTML pages (downloads those pages).
    remote_fragments: bool = True
    #: Folder of the results cache, relative to the config's folder (inside it) or absolute.
    cache_dir: Annotated[str, ProjectFolder()] = ".postcheck_cache"
    #: Seconds a cached success stays valid (errors are never cached).
    cache_max_age: float = 86400.0
    cache: bool = True
    #: Folder that root-relative links (``/about``) map to; unset: they are not checked.
    site_root: str | None = None
    #: Known moves: URL prefix → its new prefix (a domain or section migration). Links under
    #: an old prefix are reported as permanent redirects, even offline.
    moved: dict[str, str] = field(default_factory=dict)
    #: Per-host overrides; a key matches the host and its subdomains.
    domains: dict[str, DomainSettings] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Reject what the type hints cannot: bad regexes and limits below one."""
        for index, pattern in enumerate(self.exclude):
            try:
                re.compile(pattern)
            except re.error as error:
                raise SettingsError(f"links.exclude[{index}]: bad regex {pattern!r}: {error}") from None
        for name in ("concurrency", "per_host"):
            if getattr(self, name) < 1:
                raise SettingsError(f"links.{name}: must be at least 1")
        if self.timeout <= 0:
            raise SettingsError("links.timeout: must be more than 0 seconds")
