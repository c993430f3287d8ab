"""The ``utm`` check: links to owned domains carry UTM tags that analytics can trust.

A post published off-site (a social channel, a newsletter) must tag every link to the
configured ``utm.domains`` with the required parameters, with values that follow the
conventions and agree with the front matter. A post published on the site itself
(``utm.site_channels``, ``blog`` by default) must not tag them. Every finding says which GA4
default channel the link lands in as written, and with the expected tags.
"""

from __future__ import annotations

import re
from typing import Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.findings import Finding
from postcheck.checks.utm.ga4 import describe
from postcheck.model import Document
from postcheck.registry import Rule
from postcheck.checks.utm.tracking import VALUE, Expected, Tracked, current_tags, expected, ga4_channel, slug, tracked_links
from postcheck.urls import Param

#: One character of the local part is enough to tell an address is there; matching the whole
#: local part (``[\w.+-]+@``) rescans a long run from each of its characters (quadratic).
EMAIL = re.compile(r"[\w.+-]@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[\s().-]{0,2}\d){8,14}(?!\w)")
DATE = re.compile(r"^\d{4}[-_.]?\d{2}[-_.]?\d{2}$")


def personal_data(value: str) -> str | None:
    """What kind of personal data ``value`` contains ('an e-mail address', 'a phone
    number'), or None. A phone number needs 10 to 15 digits, so dates and years are not one."""
    if EMAIL.search(value):
        return "an e-mail address"
    for match in PHONE.finditer(value):
        digits = re.sub(r"\D", "", match.group(0))
        if 10 <= len(digits) <= 15 and not DATE.match(match.group(0)):
            return "a phone number"
    return None


@register
class UtmCheck(DocumentCheck):
    """Checks the UTM tags of every owned link in a post."""

    name = "utm"
    family = "utm"

    @classmethod
    def details(cls, rule: Rule) -> list[str]:
        """``postcheck explain`` shows GA4's channel rules that the findings quote."""
        return ["GA4 default channel rules (first match wins, case-insensitive):", *describe()]

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        settings = ctx.config.section("utm")
        if not settings.domains:
            return
        want = expected(doc, settings)
        for tracked in tracked_links(doc, settings):
            if want.site_post:
                yield from self._internal(doc, ctx, tracked, want)
            else:
                yield from self._tracked(doc, ctx, tracked, want)

    def _internal(self, doc: Document, ctx: CheckContext, tracked: Tracked, want: Expected) -> Iterable[Finding]:
        tags = tracked.utm()
        if tags:
            names = ", ".join(dict.fromkeys(p.key for p in tags))
            yield ctx.finding(doc, "utm/internal-tagged", tracked.span, channel=want.channel, tags=names,
                              ga4=ga4_channel(current_tags(tracked)), url=tracked.url)

    def _tracked(self, doc: Document, ctx: CheckContext, tracked: Tracked, want: Expected) -> Iterable[Finding]:
        settings = ctx.config.section("utm")
        tags = current_tags(tracked)
        channels = {"ga4": ga4_channel(tags), "ga4_expected": ga4_channel({**tags, **want.values})}
        missing = [key for key in settings.required if key not in tags]
        if missing:
            fillable = all(key in want.values for key in missing)
            filled = ga4_channel({**{k: want.values[k] for k in missing if k in want.values}, **tags})
            suggested = "&".join(f"{key}={want.values.get(key, '<' + key.removeprefix('utm_') + '>')}" for key in missing)
            yield ctx.finding(doc, "utm/missing-tag", tracked.span, fixable=fillable, missing=missing,
                              suggested=suggested, url=tracked.url, ga4=channels["ga4"], ga4_expected=filled)
        seen: set[str] = set()
        for param in tracked.utm():
            if param.key in seen:
                yield ctx.finding(doc, "utm/duplicate-tag", tracked.position(param), key=param.key, **channels)
                continue
            seen.add(param.key)
            yield from self._value(doc, ctx, tracked, param, want, channels)

    def _value(self, doc: Document, ctx: CheckContext, tracked: Tracked, param: Param, want: Expected,
               channels: dict[str, str]) -> Iterable[Finding]:
        settings = ctx.config.section("utm")
        where = tracked.position(param)
        kind = personal_data(param.decoded)
        if kind:
            yield ctx.finding(doc, "utm/personal-data", where, key=param.key, kind=kind, **channels)
            return
        if not VALUE.match(param.value):
            yield ctx.finding(doc, "utm/malformed-value", where, fixable=bool(VALUE.match(param.value.lower())),
                              key=param.key, value=param.value, suggestion=slug(param.decoded), **channels)
        value = slug(param.decoded)
        # A channel or campaign that slugs to nothing ("!!!") gives nothing to compare with.
        expected_value = want.values.get(param.key)
        if param.key == "utm_source" and want.channel and expected_value and value != expected_value:
            yield ctx.finding(doc, "utm/source-mismatch", where, value=param.value, channel=want.channel,
                              expected=expected_value, **channels)
        elif param.key == "utm_medium" and value not in {slug(m) for m in settings.mediums}:
            shown = ", ".join(settings.mediums[:5]) + (", …" if len(settings.mediums) > 5 else "")
            yield ctx.finding(doc, "utm/unknown-medium", where, value=param.value, allowed=shown, **channels)
        elif param.key == "utm_campaign" and doc.front_matter.get("campaign") not in (None, "") \
                and expected_value and value != expected_value:
            yield ctx.finding(doc, "utm/campaign-mismatch", where, value=param.value,
                              expected=expected_value, **channels)
