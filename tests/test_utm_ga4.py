"""GA4 default channel prediction, on cases taken from GA4's documented rules
(https://support.google.com/analytics/answer/9756891): each row names the rule it exercises."""

from __future__ import annotations

import re

import pytest

from postcheck.checks.utm import ga4
from postcheck.checks.utm.ga4 import Visit, channel

CASES = [
    # Direct: source "(direct)" and medium "(none)"/"(not set)".
    (Visit("(direct)", "(none)"), "Direct"),
    (Visit("(direct)", "(not set)"), "Direct"),
    # Cross-network: campaign contains "cross-network" (before every other rule).
    (Visit("google", "cpc", "pmax-cross-network"), "Cross-network"),
    # Paid Shopping: shopping site or shop campaign, with a paid medium.
    (Visit("amazon", "cpc"), "Paid Shopping"),
    (Visit("facebook", "paid", "summer-shop"), "Paid Shopping"),
    # Paid Search / Social / Video: site list and ^(.*cp.*|ppc|retargeting|paid.*)$.
    (Visit("google", "cpc"), "Paid Search"),
    (Visit("bing", "ppc"), "Paid Search"),
    (Visit("linkedin", "paid_social"), "Paid Social"),
    (Visit("facebook", "retargeting"), "Paid Social"),
    (Visit("youtube", "cpv"), "Paid Video"),
    # Display comes before Paid Other, so cpm (which contains "cp") is Display.
    (Visit("newsletter-partner", "cpm"), "Display"),
    (Visit("partner", "banner"), "Display"),
    (Visit("partner", "cpa"), "Paid Other"),
    # Organic Shopping: shopping site, or a campaign like "shop"/"e-shop" (not "workshop").
    (Visit("etsy", "referral"), "Organic Shopping"),
    (Visit("partner", "referral", "e-shop-week"), "Organic Shopping"),
    (Visit("partner", "referral", "workshop"), "Referral"),
    # Organic Social: social site, or a social medium (so utm_source=x works with social).
    (Visit("linkedin", "social"), "Organic Social"),
    (Visit("x", "social"), "Organic Social"),
    (Visit("t.co", "referral"), "Organic Social"),
    (Visit("anything", "sm"), "Organic Social"),
    # Organic Video: video site or medium containing "video".
    (Visit("youtube", "referral"), "Organic Video"),
    (Visit("partner", "video-post"), "Organic Video"),
    # Organic Search: search site or medium "organic".
    (Visit("duckduckgo", "referral"), "Organic Search"),
    (Visit("partner", "organic"), "Organic Search"),
    # Referral, Email, Affiliates, Audio, SMS, Mobile Push.
    (Visit("partner", "referral"), "Referral"),
    (Visit("partner", "link"), "Referral"),
    (Visit("newsletter", "email"), "Email"),
    (Visit("e-mail", "(not set)"), "Email"),
    (Visit("partner", "affiliate"), "Affiliates"),
    (Visit("podcast", "audio"), "Audio"),
    (Visit("sms", "(not set)"), "SMS"),
    (Visit("app", "web-push"), "Mobile Push Notifications"),
    (Visit("firebase", "(not set)"), "Mobile Push Notifications"),
    # Anything else, including the usual mistakes.
    (Visit("newsletter", "newsletter"), "Unassigned"),
    (Visit("x", "post"), "Unassigned"),
    (Visit(), "Unassigned"),
]


@pytest.mark.parametrize("visit, expected", CASES, ids=[f"{v.source}/{v.medium}/{v.campaign}" for v, _ in CASES])
def test_channel(visit, expected):
    assert channel(visit) == expected


def test_values_compare_case_insensitively():
    assert channel(Visit("LinkedIn", "Social")) == "Organic Social"
    assert channel(Visit("Google", "CPC")) == "Paid Search"


def test_source_table_is_shipped_inside_the_package_with_its_licence():
    categories = ga4.source_categories()
    assert len(categories) > 800
    assert categories["linkedin"] == "SOCIAL" and categories["google"] == "SEARCH"
    assert categories["youtube"] == "VIDEO" and categories["amazon"] == "SHOPPING"
    from importlib import resources

    folder = resources.files("postcheck.checks.utm").joinpath("ga4_data")
    assert "MIT License" in folder.joinpath("LICENSE.txt").read_text(encoding="utf-8")


def test_describe_lists_every_rule_in_order():
    lines = ga4.describe()
    assert lines[0].strip().startswith("1. Direct")
    assert any("Organic Social" in line for line in lines)
    numbered = [line for line in lines if re.match(r"^\s*\d+\. ", line)]
    assert [line.split(". ", 1)[1].split(":")[0] for line in numbered] == [rule.channel for rule in ga4.RULES]


def test_every_default_medium_lands_in_a_named_channel():
    for medium in ga4.DEFAULT_MEDIUMS:
        assert channel(Visit("partner", medium)) != "Unassigned", medium
