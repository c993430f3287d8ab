"""Which links of a post are tracked, and which UTM tags they should carry.

Shared by the ``utm`` check (which reports what is wrong) and ``postcheck fix`` (which adds
what is missing), so both always agree on what "owned", "expected" and "well-formed" mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postcheck.checks.utm import ga4
from postcheck.model import Document, Link, LinkKind, Position, Span
from postcheck.checks.utm.settings import UtmSettings
from postcheck.urls import Param, on_domains, params

PREFIX = "utm_"
#: What a UTM value may contain: lowercase, no spaces, no encoded characters.
VALUE = re.compile(r"^[a-z0-9_.-]+$")
HTML_SRC = re.compile(r"\bsrc\s*=\s*[\"']?$", re.IGNORECASE)


@dataclass
class Tracked:
    """One owned link destination (a reference definition counts once, where it is defined)."""

    link: Link
    span: Span  # the destination text in the source
    params: list[Param]

    @property
    def url(self) -> str:
        return self.link.url

    def utm(self) -> list[Param]:
        return [p for p in self.params if p.key.startswith(PREFIX)]

    def position(self, param: Param) -> Span:
        """The span of ``key=value`` in the source (the whole URL when it spans lines)."""
        start = self.span.start
        if self.span.end.line != start.line:
            return self.span
        return Span(Position(start.line, start.column + param.start), Position(start.line, start.column + param.end))


@dataclass
class Expected:
    """What the post's front matter and the config say its tracked links should carry."""

    channel: str
    #: ``utm_*`` → the value ``postcheck fix`` fills when it is missing.
    values: dict[str, str] = field(default_factory=dict)
    site_post: bool = False


def slug(value: object) -> str:
    """A front matter value as a UTM value: lowercase, runs of spaces or ``+`` as ``-``,
    anything outside ``[a-z0-9_.-]`` dropped (``Growth Hacks`` → ``growth-hacks``)."""
    text = re.sub(r"(?:\s|\+|%20)+", "-", str(value).strip().lower())
    return re.sub(r"[^a-z0-9_.-]", "", text)


def expected(doc: Document, settings: UtmSettings) -> Expected:
    """The tags a post's tracked links should carry: source from ``channel`` (through
    ``utm.sources``), medium from ``utm.channel_mediums`` or ``utm.defaults``, campaign from
    ``campaign``, and any other ``utm.defaults``."""
    channel = slug(doc.front_matter.get("channel") or "")
    values = {param: slug(value) for param, value in zip(default_params(settings), settings.defaults.values())}
    if channel:
        sources = {slug(name): value for name, value in settings.sources.items()}
        mediums = {slug(name): value for name, value in settings.channel_mediums.items()}
        values["utm_source"] = slug(sources.get(channel, channel))
        if channel in mediums:
            values["utm_medium"] = slug(mediums[channel])
    campaign = doc.front_matter.get("campaign")
    if campaign not in (None, ""):
        values["utm_campaign"] = slug(campaign)
    values = {key: value for key, value in values.items() if value}
    site = {slug(name) for name in settings.site_channels}
    return Expected(channel=channel, values=values, site_post=bool(channel) and channel in site)


def default_params(settings: UtmSettings) -> list[str]:
    """The parameters ``utm.defaults`` names (``medium`` and ``utm_medium`` both mean ``utm_medium``)."""
    return [PREFIX + key.removeprefix(PREFIX) for key in settings.defaults]


def tracked_links(doc: Document, settings: UtmSettings) -> list[Tracked]:
    """Links to the owned domains, once per destination written in the file: images and
    HTML ``src`` attributes are not clicks, so they are left out."""
    found: dict[tuple[int, int], Tracked] = {}
    for link in doc.links:
        if link.kind is LinkKind.IMAGE or not on_domains(link.url, settings.domains):
            continue
        span = link.url_span or link.span
        if link.kind is LinkKind.HTML and HTML_SRC.search(_before(doc, span)):
            continue
        key = (span.start.line, span.start.column)
        if key not in found:
            found[key] = Tracked(link, span, params(link.url))
    return sorted(found.values(), key=lambda t: (t.span.start.line, t.span.start.column))


def _before(doc: Document, span: Span, reach: int = 200) -> str:
    """The text just before ``span`` on its line (bounded: a line may hold thousands of links)."""
    column = span.start.column - 1
    return doc.line_text(span.start.line)[max(0, column - reach) : column]


def ga4_channel(tags: dict[str, str]) -> str:
    """The GA4 default channel a visit with these ``utm_*`` values lands in."""
    return ga4.channel(
        ga4.Visit(
            source=tags.get("utm_source") or ga4.NOT_SET,
            medium=tags.get("utm_medium") or ga4.NOT_SET,
            campaign=tags.get("utm_campaign") or ga4.NOT_SET,
        )
    )


def current_tags(tracked: Tracked) -> dict[str, str]:
    """The first value of each ``utm_*`` parameter, as an analytics tool decodes it."""
    tags: dict[str, str] = {}
    for param in tracked.utm():
        tags.setdefault(param.key, param.decoded)
    return tags
