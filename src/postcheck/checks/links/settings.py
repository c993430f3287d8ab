"""Settings of the ``links`` family, validated to sane ranges.

Secrets never live here: ``domains.<host>.headers`` maps a header name to the *name* of an
environment variable that holds its value, and that name must start with
``POSTCHECK_HEADER_``, so a config cannot send any other variable (``GITHUB_TOKEN``,
``AWS_SECRET_ACCESS_KEY``) anywhere. Settings that widen what postcheck may reach or send
(``allow_private``, ``headers``) are honoured only from a trusted config (see
:func:`postcheck.checks.links.trust.effective`).
"""

import math
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

import re2

from postcheck.sections import ProjectFolder, SettingsError, register_section

HEADER_PREFIX = "POSTCHECK_HEADER_"
#: An HTTP header name (RFC 9110 token): nothing that could split or inject a header.
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
SITES = ("hugo", "jekyll", "docusaurus", "astro", "next")
#: (low, high) of each number setting; ``high`` bounds what a config can make postcheck wait.
RANGES: dict[str, tuple[float, float]] = {
    "timeout": (0.001, 300.0),
    "deadline": (0.001, 86400.0),
    "backoff": (0.0, 60.0),
    "retry_after_max": (0.0, 3600.0),
    "cache_max_age": (0.0, 366 * 86400.0),
    "cache_errors_max_age": (0.0, 366 * 86400.0),
    "retries": (0, 10),
    "concurrency": (1, 256),
    "per_host": (1, 64),
}


def compile_exclude(pattern: str) -> "re2._Regexp":
    """``pattern`` compiled for RE2, which matches in time linear in the URL (a pattern such
    as ``(a+)+b`` cannot hang a run); lookarounds and backreferences are refused."""
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


@dataclass
class DomainSettings:
    """Overrides for one host (``domains: {linkedin.com: {...}}``): ``skip`` and ``accept``
    also apply to its subdomains; ``headers`` only to that exact host, over https."""

    #: Never request links to this host (no finding either: the team chose not to check it).
    skip: bool = False
    #: Statuses that count as working for this host (e.g. ``[999]`` for LinkedIn).
    accept: list[int] = field(default_factory=list)
    #: Header name → NAME of an environment variable ``POSTCHECK_HEADER_…`` holding its value.
    headers: dict[str, str] = field(default_factory=dict)


@register_section("links")
@dataclass
class LinksSettings:
    #: Seconds for one request, all of it: connect, headers, body and redirects.
    timeout: float = 10.0
    #: Seconds for the whole links run; links not checked by then are reported unverifiable.
    deadline: float = 300.0
    #: Regexes (RE2 syntax) of URLs that are never requested.
    exclude: list[str] = field(default_factory=list)
    #: ``get``: one GET per URL; ``head``: HEAD first, GET when HEAD is not 2xx.
    method: Literal["get", "head"] = "get"
    #: Requests in flight at once, over all hosts.
    concurrency: int = 16
    #: Requests in flight at once to one host (host:port), so no site is hammered.
    per_host: int = 4
    #: Extra attempts after a transient failure (timeout, connection error, 5xx, 429).
    retries: int = 2
    #: Seconds before the first retry; doubled for each further one (a ``Retry-After`` wins).
    backoff: float = 0.1
    #: Longest ``Retry-After`` honoured, in seconds; a longer one is waited this long.
    retry_after_max: float = 30.0
    user_agent: str = "Mozilla/5.0 (compatible; postcheck/0.1; +https://github.com/postcheck/postcheck)"
    #: Request private, loopback and link-local addresses (off: a post must not make CI
    #: probe the internal network). Honoured only from a trusted config.
    allow_private: bool = False
    #: Check ``#fragments`` of remote HTML pages (downloads those pages).
    remote_fragments: bool = True
    #: Folder of the results cache, relative to the config's folder (inside it) or absolute.
    cache_dir: Annotated[str, ProjectFolder()] = ".postcheck_cache"
    #: Seconds a cached success stays valid.
    cache_max_age: float = 86400.0
    #: Seconds a cached broken link stays broken without a new request (0: re-check every run).
    cache_errors_max_age: float = 3600.0
    cache: bool = True
    #: Folder that root-relative links (``/about``) map to; unset: they are not checked
    #: (with ``site``, the project root).
    site_root: str | None = None
    #: The site generator, whose routes map to files: hugo, jekyll, docusaurus, astro, next.
    site: Literal["hugo", "jekyll", "docusaurus", "astro", "next"] | None = None
    #: Known moves: URL prefix → its new prefix (a domain or section migration). Links under
    #: an old prefix are reported as permanent redirects, even offline.
    moved: dict[str, str] = field(default_factory=dict)
    #: Per-host overrides; a key matches the host and its subdomains.
    domains: dict[str, DomainSettings] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Reject what the type hints cannot: numbers out of range (NaN and infinity
        included), patterns RE2 cannot run, and headers that could leak any variable."""
        for name, (low, high) in RANGES.items():
            _check_range(name, getattr(self, name), low, high)
        for index, pattern in enumerate(self.exclude):
            try:
                compile_exclude(pattern)
            except re2.error as error:
                reason = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
                raise SettingsError(
                    f"links.exclude[{index}]: {pattern!r} is not a pattern postcheck can run ({reason}); "
                    "lookarounds and backreferences are not supported (RE2 syntax)"
                ) from None
        for host, domain in self.domains.items():
            _check_headers(host, domain.headers)


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not math.isfinite(value) or not low <= value <= high:
        raise SettingsError(f"links.{name}: must be a number from {low:g} to {high:g}, got {value!r}")


def _check_headers(host: str, headers: dict[str, str]) -> None:
    for header, variable in headers.items():
        where = f"links.domains.{host}.headers.{header}"
        if not HEADER_NAME.match(header):
            raise SettingsError(f"{where}: not a valid HTTP header name")
        if not variable.startswith(HEADER_PREFIX) or not variable[len(HEADER_PREFIX) :].replace("_", "").isalnum():
            raise SettingsError(
                f"{where}: must name an environment variable {HEADER_PREFIX}…, got {variable!r} "
                "(only those variables may be sent as headers)"
            )
