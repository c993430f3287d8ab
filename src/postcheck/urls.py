"""URLs as written in posts: hosts, query parameters with their exact offsets, and the
normal form used to compare a link with a configured page.

Nothing here re-encodes a URL: a fixer must be able to rewrite one parameter and leave every
other character of the destination as the author wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit


@dataclass(frozen=True)
class Param:
    """One ``key=value`` of a query string, with offsets into the whole URL as written."""

    key: str
    value: str
    start: int  # offset of the key
    end: int  # offset just after the value
    value_start: int

    @property
    def decoded(self) -> str:
        """The value as an analytics tool reads it (``%40`` → ``@``, ``+`` → space)."""
        return unquote_plus(self.value)


def host_of(url: str) -> str:
    """The lowercased host of an absolute (or protocol-relative) URL; '' for anything else."""
    if not url.lower().startswith(("http://", "https://", "//")):
        return ""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def on_domains(url: str, domains: list[str]) -> bool:
    """Whether ``url`` points at one of ``domains`` or a subdomain of one."""
    host = host_of(url)
    if not host:
        return False
    for domain in domains:
        domain = domain.lower().strip().strip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def query_bounds(url: str) -> tuple[int, int]:
    """Offsets of the query string (after ``?``, before ``#``); an empty range at the end of
    the path when there is none."""
    hash_at = url.find("#")
    end = hash_at if hash_at >= 0 else len(url)
    mark = url.find("?", 0, end)
    return (mark + 1, end) if mark >= 0 else (end, end)


def params(url: str) -> list[Param]:
    """Every ``key=value`` of the query string, in order, duplicates kept."""
    start, end = query_bounds(url)
    found, offset = [], start
    for piece in url[start:end].split("&"):
        if piece:
            key, equals, value = piece.partition("=")
            value_start = offset + len(key) + len(equals)
            found.append(Param(key, value, offset, offset + len(piece), value_start))
        offset += len(piece) + 1
    return found


def has_query(url: str) -> bool:
    """Whether the URL has a ``?`` before its fragment (even an empty query)."""
    return "?" in url.split("#", 1)[0]


def normalise(url: str) -> str:
    """The form two links are compared in: no scheme, no ``www.``, lowercase host, no default
    port, no trailing slash, no query string (UTM tags included) and no fragment. A
    root-relative path (``/trust``) stays a path."""
    url = url.strip()
    if url.startswith("/") and not url.startswith("//"):
        path = url.split("#", 1)[0].split("?", 1)[0]
        return path.rstrip("/") or "/"
    if not url.lower().startswith(("http://", "https://", "//")):
        return url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return host + parts.path.rstrip("/")


def path_of(normalised: str) -> str:
    """The path part of a normalised URL ('/' for a site root), to compare with a
    root-relative link."""
    if normalised.startswith("/"):
        return normalised
    slash = normalised.find("/")
    return normalised[slash:] if slash >= 0 else "/"


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Endings of a first path segment that make it a file name, not a host ("trust.html").
_FILE_SUFFIXES = frozenset({"md", "markdown", "mdx", "html", "htm", "txt", "pdf", "php", "asp", "aspx", "json", "xml"})


def owned_host(value: str) -> str:
    """A ``utm.domains`` entry as the host name it means: a URL gives its host
    (``https://a.example/`` → ``a.example``). Raises ValueError saying what is wrong with a
    value that names no host, because such a value would silently track nothing."""
    text = value.strip()
    if "://" in text or text.startswith("//"):
        try:
            parts = urlsplit(text if "://" in text else "https:" + text)
            host = parts.hostname or ""
        except ValueError:
            raise ValueError(f"{value!r} is not a URL or a host name") from None
        if parts.scheme not in ("http", "https") or not host:
            raise ValueError(f"{value!r} is not a host name or an http(s) URL (expected e.g. example.com)")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"{value!r} has a path; utm.domains takes host names, and every page of a host is tracked (write {host})")
    else:
        host = text
    host = host.lower().rstrip(".")
    try:
        labels = host.encode("idna").decode("ascii").split(".") if host else []
    except UnicodeError:
        labels = []
    if not labels or not all(_HOST_LABEL.match(label) for label in labels):
        raise ValueError(f"{value!r} is not a host name (expected e.g. example.com, or a URL such as https://example.com/)")
    return host


def proof_page(value: str) -> str:
    """A ``proof.pages`` entry: an http(s) URL, or a path (root-relative ``/trust``, or a file
    in the repository). Raises ValueError for anything else, including a web address written
    without its scheme, which would otherwise never match a link."""
    text = value.strip()
    if not text or any(char.isspace() for char in text):
        raise ValueError(f"{value!r} is not a URL or a path")
    if _SCHEME.match(text):
        try:
            parts = urlsplit(text)
            host = parts.hostname
        except ValueError:
            host = None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise ValueError(f"{value!r} is not an http(s) URL or a path")
        return text
    if text.startswith("//"):
        return text
    first = text.split("/", 1)[0]
    if not text.startswith(("/", ".")) and _looks_like_host(first):
        raise ValueError(f"{value!r} looks like a web address without its scheme; write https://{text}")
    return text


def _looks_like_host(segment: str) -> bool:
    """``www.example.com`` or ``example.com``, not ``trust.html`` or ``pages``."""
    labels = segment.lower().split(".")
    if len(labels) < 2 or not all(labels):
        return False
    return labels[0] == "www" or (labels[-1].isalpha() and len(labels[-1]) >= 2 and labels[-1] not in _FILE_SUFFIXES)
