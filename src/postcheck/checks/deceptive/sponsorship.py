"""``deceptive/undisclosed-sponsorship``: a post marked ``sponsored: true`` must say so up front.

The FTC's endorsement guides (16 CFR 255.5) and "Disclosures 101" want the disclosure where a
reader sees it before acting: so a clear label must appear in the title or in the first
paragraph, before the first link (the place a reader would click away to the brand). A label
that only appears later, or only after the first link, is reported where it is, so the writer
sees what to move; a post with no label at all is reported at its ``sponsored:`` key.

Ambiguous tags ("#sp", "#partner", "#collab") and "thanks to Acme" are not disclosures; the
phrase rule ``deceptive/ambiguous-disclosure`` flags them on their own. The vocabulary covers
both languages whatever the post's language: Romanian creators write "#ad" too; a team adds
its own labels (``#werbung``) with ``deceptive.disclosures``.

A sponsored post for YouTube, TikTok, Instagram or Facebook also gets an ``info`` reminder
(``deceptive/paid-partnership-setting``) naming that platform's own paid-partnership setting,
at its ``channel:`` line: the text disclosure does not replace it.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Sequence

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.checks.deceptive.platforms import platform_of
from postcheck.checks.deceptive.settings import DeceptiveSettings
from postcheck.checks.phrases import compile_pattern
from postcheck.checks.require import first_link, opening_blocks
from postcheck.findings import Finding
from postcheck.model import Document, ProseBlock, Span

RULE = "deceptive/undisclosed-sponsorship"
PLATFORM_RULE = "deceptive/paid-partnership-setting"

#: Clear disclosures (matched like phrase patterns: folded, case-insensitive, whole words).
DISCLOSURE = compile_pattern(
    [
        "#(?:ad|ads|advert|advertisement|advertising|sponsored|paidpartnership|paidpromotion|paidad)",
        "#(?:reclama|publicitate|sponsorizat|sponsorizare|parteneriatplatit|colaborareplatita)",
        r"[\[(](?:ad|advertisement|sponsored|reclama|publicitate|sponsorizat)[\])]",
        r"(?:ad|advertisement|sponsored|reclama|publicitate) ?:",
        "paid (?:partnership|promotion|advertisement|post|collaboration)",
        "sponsored (?:by|post|content|article|video)",
        "this (?:post|article|video|review) is sponsored",
        "advertisement",
        "parteneriat platit",
        "colaborare platita",
        "promovare platita",
        "publicitate",
        "sponsorizat(?:a|e)? de",
        "(?:articol|material|continut|postare|clip) sponsorizat(?:a)?",
        "(?:acest|aceasta) (?:articol|material|postare|clip) (?:este|e) sponsorizat(?:a)?",
    ]
)

_TRUE_WORDS = {"true", "yes", "da", "1", "on"}


def is_sponsored(value: Any) -> bool:
    """``sponsored: true`` (or a quoted "true"/"yes"/"da"): a sponsor name alone is not enough
    to guess, and the contract says ``true``."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _TRUE_WORDS


_HOUSE: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def house_labels(labels: Sequence[str]) -> re.Pattern[str] | None:
    """The team's own labels as one pattern (taken literally: a config is not trusted to hold
    a safe regex), compiled once per set of labels."""
    key = tuple(label.strip() for label in labels if label.strip())
    if key not in _HOUSE:
        literal = [r"\s+".join(re.escape(word) for word in label.split()) for label in key]
        _HOUSE[key] = compile_pattern(literal) if key else None
    return _HOUSE[key]


def disclosures(block: ProseBlock, house: re.Pattern[str] | None = None) -> Iterator[Span]:
    """Source spans of the clear disclosures in ``block`` (built-in labels and the team's)."""
    for pattern in (DISCLOSURE, house):
        for match in pattern.finditer(block.folded) if pattern else ():
            yield block.span(*match.span())


@register
class SponsorshipCheck(DocumentCheck):
    """A sponsored post needs a clear disclosure before the reader meets the first link."""

    name = "sponsorship"
    family = "deceptive"

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if doc.problem or not is_sponsored(doc.front_matter.get("sponsored")):
            return
        if ctx.is_enabled(RULE):
            settings: DeceptiveSettings = ctx.config.section("deceptive")
            yield from self._disclosure(doc, ctx, house_labels(settings.disclosures))
        platform = platform_of(doc.front_matter.get("channel"))
        if platform and ctx.is_enabled(PLATFORM_RULE):
            yield ctx.finding(doc, PLATFORM_RULE, doc.front_matter.position_of("channel"), platform=platform.name,
                              setting=platform.setting.get(doc.lang, platform.setting["en"]), help=platform.help)

    def _disclosure(self, doc: Document, ctx: CheckContext, house: re.Pattern[str] | None) -> Iterator[Finding]:
        """The missing or late disclosure, if any."""
        limit = first_link(doc)
        for block in opening_blocks(doc):
            if any(limit is None or span.start < limit for span in disclosures(block, house)):
                return
        late = next((span for block in doc.prose() for span in disclosures(block, house)), None)
        where = late if late is not None else doc.front_matter.position_of("sponsored")
        yield ctx.finding(doc, RULE, where)
