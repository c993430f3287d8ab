"""Predict the GA4 default channel a UTM-tagged visit lands in.

GA4 files every session under the first of its default channel-group rules that matches the
session's source, medium and campaign (https://support.google.com/analytics/answer/9756891).
A tag that matches none lands in "Unassigned", which is how a misspelled medium silently
removes a campaign from a channel report. The rules are written here in GA4's order, each with
the wording ``postcheck explain`` shows; the source lists (social, search, video, shopping
sites) come from the source-category table shipped in ``ga4_data/`` beside this module.

GA4 compares values case-insensitively, so everything is lowercased first.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable

UNASSIGNED = "Unassigned"
NOT_SET = "(not set)"

# GA4's own expressions. DOTALL: a value may hold a line break (%0A), and without it each
# "cp" before the break would rescan to the end (quadratic).
PAID = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$", re.DOTALL)
SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$", re.DOTALL)
VIDEO_MEDIUM = re.compile(r"^(.*video.*)$", re.DOTALL)
SOCIAL_MEDIUMS = ("social", "social-network", "social-media", "sm", "social network", "social media")
DISPLAY_MEDIUMS = ("display", "banner", "expandable", "interstitial", "cpm")
EMAIL = ("email", "e-mail", "e_mail", "e mail")


@dataclass(frozen=True)
class Visit:
    """What GA4 sees of a tagged visit (values as tagged; compared lowercased)."""

    source: str = NOT_SET
    medium: str = NOT_SET
    campaign: str = NOT_SET

    def lowered(self) -> "Visit":
        return Visit(self.source.lower(), self.medium.lower(), self.campaign.lower())


@dataclass(frozen=True)
class ChannelRule:
    channel: str
    description: str
    matches: Callable[[Visit], bool]


@functools.lru_cache(maxsize=1)
def source_categories() -> dict[str, str]:
    """Source → category (``SOCIAL``, ``SEARCH``, ``VIDEO``, ``SHOPPING``), from the shipped table."""
    table = resources.files("postcheck.checks.utm").joinpath("ga4_data", "ga4_source_categories.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        return {
            row["source"].strip().lower(): row["source_category"].removeprefix("SOURCE_CATEGORY_")
            for row in csv.DictReader(handle)
        }


def _in(category: str) -> Callable[[Visit], bool]:
    return lambda visit: source_categories().get(visit.source) == category


def _paid(visit: Visit) -> bool:
    return bool(PAID.match(visit.medium))


def _shopping(visit: Visit) -> bool:
    return _in("SHOPPING")(visit) or bool(SHOP_CAMPAIGN.match(visit.campaign))


RULES: tuple[ChannelRule, ...] = (
    ChannelRule("Direct", 'source is "(direct)" and medium is "(not set)" or "(none)"',
                lambda v: v.source == "(direct)" and v.medium in ("(not set)", "(none)")),
    ChannelRule("Cross-network", 'campaign contains "cross-network"', lambda v: "cross-network" in v.campaign),
    ChannelRule("Paid Shopping", "(source is a shopping site or campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$) "
                "and medium matches ^(.*cp.*|ppc|retargeting|paid.*)$", lambda v: _shopping(v) and _paid(v)),
    ChannelRule("Paid Search", "source is a search site and medium matches ^(.*cp.*|ppc|retargeting|paid.*)$",
                lambda v: _in("SEARCH")(v) and _paid(v)),
    ChannelRule("Paid Social", "source is a social site and medium matches ^(.*cp.*|ppc|retargeting|paid.*)$",
                lambda v: _in("SOCIAL")(v) and _paid(v)),
    ChannelRule("Paid Video", "source is a video site and medium matches ^(.*cp.*|ppc|retargeting|paid.*)$",
                lambda v: _in("VIDEO")(v) and _paid(v)),
    ChannelRule("Display", "medium is one of " + ", ".join(DISPLAY_MEDIUMS), lambda v: v.medium in DISPLAY_MEDIUMS),
    ChannelRule("Paid Other", "medium matches ^(.*cp.*|ppc|retargeting|paid.*)$", _paid),
    ChannelRule("Organic Shopping", "source is a shopping site or campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$",
                _shopping),
    ChannelRule("Organic Social", "source is a social site or medium is one of " + ", ".join(SOCIAL_MEDIUMS),
                lambda v: _in("SOCIAL")(v) or v.medium in SOCIAL_MEDIUMS),
    ChannelRule("Organic Video", "source is a video site or medium matches ^(.*video.*)$",
                lambda v: _in("VIDEO")(v) or bool(VIDEO_MEDIUM.match(v.medium))),
    ChannelRule("Organic Search", 'source is a search site or medium is "organic"',
                lambda v: _in("SEARCH")(v) or v.medium == "organic"),
    ChannelRule("Referral", "medium is one of referral, app, link", lambda v: v.medium in ("referral", "app", "link")),
    ChannelRule("Email", "source or medium is one of " + ", ".join(EMAIL), lambda v: v.source in EMAIL or v.medium in EMAIL),
    ChannelRule("Affiliates", 'medium is "affiliate"', lambda v: v.medium == "affiliate"),
    ChannelRule("Audio", 'medium is "audio"', lambda v: v.medium == "audio"),
    ChannelRule("SMS", 'source or medium is "sms"', lambda v: v.source == "sms" or v.medium == "sms"),
    ChannelRule("Mobile Push Notifications", 'medium ends with "push" or contains "mobile" or "notification", '
                'or source is "firebase"',
                lambda v: v.medium.endswith("push") or "mobile" in v.medium or "notification" in v.medium
                or v.source == "firebase"),
)

#: Every medium GA4's rules name exactly (no spaces, so they pass postcheck's value rules too):
#: the default list of allowed ``utm_medium`` values.
DEFAULT_MEDIUMS: tuple[str, ...] = (
    "social", "email", "referral", "cpc", "paid", "display", "affiliate", "video", "organic", "sms", "audio", "push",
    "social-network", "social-media", "sm", "e-mail", "e_mail", "app", "link", "ppc", "retargeting", "banner",
    "expandable", "interstitial", "cpm",
)


def channel(visit: Visit) -> str:
    """The default channel GA4 would file ``visit`` under."""
    lowered = visit.lowered()
    return next((rule.channel for rule in RULES if rule.matches(lowered)), UNASSIGNED)


def describe() -> list[str]:
    """The rules in GA4's order, one line each, for ``postcheck explain``."""
    lines = [f"{index:>2}. {rule.channel}: {rule.description}" for index, rule in enumerate(RULES, 1)]
    counts: dict[str, int] = {}
    for category in source_categories().values():
        counts[category] = counts.get(category, 0) + 1
    table = ", ".join(f"{count} {name.lower()}" for name, count in sorted(counts.items()))
    return [
        *lines,
        f"    otherwise: {UNASSIGNED}",
        f"Site lists: GA4's source-category table ({table} sources; Velir/dbt-ga4, MIT).",
    ]
