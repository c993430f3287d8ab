"""Sort every link of a post into what must be done with it.

The parser already found each link with its exact position (code is never a link); this module
only decides, from the destination as written, whether it is a remote URL to request, a local
file or an anchor to look up, or something never requested (``mailto:``, ``tel:``, excluded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Sequence
from urllib.parse import unquote

from postcheck.checks.links.guard import Malformed, endpoint
from postcheck.model import Document, Link, LinkKind, Span

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")
#: Template syntax a site generator fills in at build time ({{< ref >}}, {@url@}, ${x}, <%= %>):
#: what the link will be is unknowable here.
TEMPLATE = re.compile(r"\{\{|\{%|\{@|\$\{|<%")
QUOTES = "\"'“”‘’"
#: Schemes that name a place postcheck cannot request but a reader may need (checked by hand).
UNSUPPORTED = {"ftp", "ftps", "sftp", "file", "smb"}
REMOTE = {"http", "https"}


class Kind(str, Enum):
    REMOTE = "remote"  # http(s): requested
    LOCAL = "local"  # a path in the repository, maybe with a #fragment
    SAME_PAGE = "same-page"  # #fragment of the post itself
    MALFORMED = "malformed"  # cannot be a working link, whatever the network says
    UNSUPPORTED = "unsupported"  # ftp:, file:, …: never requested, reported as unverifiable
    IGNORED = "ignored"  # mailto:, tel:, other apps' schemes, excluded by config


@dataclass(frozen=True)
class Target:
    """One link of one post and what it points to."""

    doc: Document
    link: Link
    kind: Kind
    #: Remote: the URL without its fragment (what is requested); local: the decoded path.
    resource: str
    #: The decoded ``#fragment`` ('' when there is none).
    fragment: str = ""
    #: Why a MALFORMED or UNSUPPORTED link is one.
    reason: str = ""
    #: A REMOTE link's host, as the HTTP client reads it.
    host: str = ""

    @property
    def span(self) -> Span:
        """Where a finding points: the destination itself when it is known (for a reference
        link, its definition: that is where the fix goes)."""
        return self.link.url_span or self.link.span


def targets_of(doc: Document, excludes: Sequence[Any]) -> list[Target]:
    """Every link of ``doc`` as a target (excluded ones as IGNORED)."""
    return [_target(doc, link, excludes) for link in doc.links]


def _target(doc: Document, link: Link, excludes: Sequence[Any]) -> Target:
    url = link.url.strip()
    if any(pattern.search(url) for pattern in excludes):
        return Target(doc, link, Kind.IGNORED, url)
    if TEMPLATE.search(url):
        return Target(doc, link, Kind.IGNORED, url)
    if len(url) > 1 and url[0] in QUOTES and SCHEME.match(url[1:]):
        return Target(doc, link, Kind.MALFORMED, url, reason="the destination is wrapped in quotes, so it is read as a relative path")
    if not url:
        if link.kind in (LinkKind.INLINE, LinkKind.REFERENCE, LinkKind.IMAGE):
            return Target(doc, link, Kind.MALFORMED, url, reason="the link has no destination")
        return Target(doc, link, Kind.IGNORED, url)
    if url.startswith("//"):
        url = "https:" + url
    scheme = SCHEME.match(url)
    if scheme is None:
        if url.lower().startswith("www."):
            return Target(doc, link, Kind.MALFORMED, url, reason="a web address without https:// is read as a relative path")
        path, _, fragment = url.partition("#")
        path = path.split("?", 1)[0]
        kind = Kind.SAME_PAGE if not path else Kind.LOCAL
        return Target(doc, link, kind, unquote(path), unquote(fragment))
    name = scheme.group(1).lower()
    if name in UNSUPPORTED:
        return Target(doc, link, Kind.UNSUPPORTED, url, reason=f"postcheck does not request {name}: links")
    if name not in REMOTE:
        return Target(doc, link, Kind.IGNORED, url)
    return _remote(doc, link, url)


def _remote(doc: Document, link: Link, url: str) -> Target:
    resource, _, fragment = url.partition("#")
    try:
        host = endpoint(resource).raw_host or ""
    except Malformed as error:  # read by the same parser the guard and the HTTP client use
        return Target(doc, link, Kind.MALFORMED, resource, reason=str(error))
    return Target(doc, link, Kind.REMOTE, resource, unquote(fragment), host=host)
