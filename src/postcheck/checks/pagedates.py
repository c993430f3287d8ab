"""When a remote page was last modified, learnt when the links check fetches it.

The proof check wants to know how old a proof page is; only the links check requests pages.
So a check that cares asks here, in its ``prepare``, for the dates of a few URLs (:func:`ask`),
and the links check, when it runs online, reads those pages in full (not from its cache, which
keeps no dates) and hands what it learns back (:meth:`PageDates.record`). Nothing is requested
for a date alone: with ``--offline``, or with the links check not selected, dates stay unknown.

A page's date is its own declaration (``article:modified_time``, schema.org ``dateModified``
as a meta tag, microdata or JSON-LD) when it has one, else the ``Last-Modified`` header (which
many servers set to the time the page was generated or deployed, so it is only a fallback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime

from postcheck.checks.base import CheckContext
from postcheck.urls import normalise

#: ``ctx.shared`` key of the run's :class:`PageDates`.
KEY = "page-dates"
#: A ``<meta>`` or ``<time>`` tag: at most 2,000 characters and no ``<`` inside, so every
#: attempt ends at the next tag and the scan stays linear.
TAG = re.compile(r"<(?:meta|time)\b[^<>]{0,2000}>", re.IGNORECASE)
#: ``property``/``name``/``itemprop`` naming a modification date; then the tag's value. An
#: attribute starts where no name character precedes it and nothing in it backtracks
#: (possessive runs), so each search is linear in the tag.
NAMES_MODIFIED = re.compile(
    r"""(?<![\w:.-])(?:property|name|itemprop)\s*+=\s*+["']?(?:article:modified_time|datemodified|og:updated_time|last-modified)(?![\w:.-])""",
    re.IGNORECASE,
)
VALUE = re.compile(r"""(?<![\w:.-])(?:content|datetime)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++))""", re.IGNORECASE)
#: The opening tag of a JSON-LD script.
LD_SCRIPT = re.compile(r"<script\b[^<>]{0,500}application/ld\+json[^<>]{0,500}>", re.IGNORECASE)
#: ``"dateModified": "2026-01-02…"`` in JSON-LD (bounded runs: linear whatever the script holds).
JSON_LD = re.compile(r'"dateModified"\s{0,20}:\s{0,20}"([^"]{1,64})"')
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass
class PageDates:
    """The pages whose dates are wanted (normal forms) and what the links check found."""

    wanted: set[str]
    #: Normal form → the page's last modification (pages fetched without a date are absent).
    found: dict[str, date] = field(default_factory=dict)

    def wants(self, url: str) -> bool:
        return normalise(url) in self.wanted

    def record(self, url: str, modified: date | None) -> None:
        if modified is not None:
            self.found[normalise(url)] = modified

    def date_of(self, url: str) -> date | None:
        return self.found.get(normalise(url))


def ask(ctx: CheckContext, urls: list[str]) -> PageDates:
    """Ask the links check for the dates of ``urls`` in this run."""
    dates = ctx.shared.setdefault(KEY, PageDates(set()))
    dates.wanted.update(normalise(url) for url in urls)
    return dates


def wanted(ctx: CheckContext) -> PageDates | None:
    """What the run's checks asked for (None: nothing)."""
    dates = ctx.shared.get(KEY)
    return dates if dates is not None and dates.wanted else None


def last_modified(header: str | None) -> date | None:
    """The day of an HTTP ``Last-Modified`` header."""
    if not header:
        return None
    try:
        return parsedate_to_datetime(header.strip()).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def declared_modified(html: str) -> date | None:
    """The last modification a page declares about itself (the latest, if several): meta tags
    and microdata (``<meta … content>``, ``<time … datetime>``) and JSON-LD scripts. Bounded,
    possessive regexes rather than :class:`html.parser.HTMLParser` (quadratic on a page of
    unclosed tags), so a hostile page costs time in proportion to its size."""
    values = []
    for tag in TAG.findall(html):
        if NAMES_MODIFIED.search(tag):
            value = VALUE.search(tag)
            values.append(next((v for v in value.group(1, 2, 3) if v is not None), "") if value else "")
    for script in LD_SCRIPT.finditer(html):
        close = html.find("</script", script.end())
        values += JSON_LD.findall(html, script.end(), close if close >= 0 else len(html))
    days = [day for day in (iso_day(v) for v in values) if day is not None]
    return max(days, default=None)


def iso_day(value: str) -> date | None:
    """The calendar day at the start of an ISO 8601 date or timestamp."""
    found = ISO_DAY.match(value)
    if not found:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
