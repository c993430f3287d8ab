"""The utm check on whole posts: which links, which findings, where, and what GA4 would do."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from postcheck import config as config_module
from postcheck.checks.utm.check import personal_data
from postcheck.cli import main
from postcheck.config import ConfigError
from postcheck.runner import check_text

OK = "utm_source=linkedin&utm_medium=social&utm_campaign=fall-launch"
HEAD = "---\nchannel: linkedin\ncampaign: fall-launch\n---\n"


def utm_findings(registry, text, **utm):
    report = check_text(text, registry, lang="en", config={"utm": {"domains": ["acme.example"], **utm}})
    return [f for f in report.findings if f.family == "utm"]


def rules_of(findings):
    return [f.rule for f in findings]


def test_a_correctly_tagged_link_passes(registry):
    assert utm_findings(registry, HEAD + f"[Notes](https://acme.example/n?{OK}#top)\n") == []


def test_missing_tags_point_at_the_destination_and_name_ga4_channels(registry):
    text = HEAD + "Read [the notes](https://acme.example/notes?utm_source=linkedin) today.\n"
    (finding,) = utm_findings(registry, text)
    assert finding.rule == "utm/missing-tag" and finding.fixable
    assert (finding.span.start.line, finding.span.start.column) == (5, 18)
    assert finding.span.end.column == 18 + len("https://acme.example/notes?utm_source=linkedin")
    assert "utm_medium, utm_campaign" in finding.message
    assert "'Organic Social'" in finding.message  # linkedin is a social site, even untagged medium
    assert "utm_medium=social&utm_campaign=fall-launch" in finding.fix


def test_missing_tag_without_a_campaign_is_not_fixable(registry):
    (finding,) = utm_findings(registry, "---\nchannel: x\n---\n<https://acme.example/a>\n")
    assert finding.rule == "utm/missing-tag" and not finding.fixable
    assert "utm_campaign=<campaign>" in finding.fix
    assert finding.message.endswith("under 'Unassigned' (with the tags from the front matter: 'Organic Social').")


def test_only_owned_domains_and_their_subdomains_count(registry):
    text = HEAD + (
        "[a](https://other.example/x) [b](https://docs.acme.example/x) "
        "[c](https://acme.example.other.example/x) ![img](https://acme.example/logo.png)\n\n"
        '<img src="https://acme.example/pixel.gif"> <a href="https://acme.example/html">h</a>\n'
    )
    found = utm_findings(registry, text)
    assert [f.excerpt for f in found] == ["https://docs.acme.example/x", "https://acme.example/html"]


def test_no_domains_configured_means_no_findings(registry):
    assert utm_findings(registry, HEAD + "[a](https://acme.example/x)\n", domains=[]) == []


def test_reference_definition_is_reported_once_where_it_is_defined(registry):
    text = HEAD + "See [pricing][p] and [again][p].\n\n[p]: https://acme.example/pricing\n"
    (finding,) = utm_findings(registry, text)
    assert finding.span.start.line == 7 and finding.span.start.column == 6


def test_value_conventions(registry):
    text = HEAD + "[a](https://acme.example/n?utm_source=LinkedIn&utm_medium=social&utm_campaign=fall+launch)\n"
    found = utm_findings(registry, text)
    assert rules_of(found) == ["utm/malformed-value", "utm/malformed-value"]
    upper, spaced = found
    assert upper.fixable and upper.excerpt == "utm_source=LinkedIn"
    assert not spaced.fixable and "'fall-launch'" in spaced.message
    assert spaced.span.start.column == 1 + len("[a](https://acme.example/n?utm_source=LinkedIn&utm_medium=social&")


def test_source_follows_the_channel_through_the_mapping(registry):
    x_post = "---\nchannel: x\ncampaign: c\n---\n"
    tagged = x_post + "[a](https://acme.example/n?utm_source=x&utm_medium=social&utm_campaign=c)\n"
    assert utm_findings(registry, tagged) == []
    (finding,) = utm_findings(registry, tagged, sources={"x": "twitter"})
    assert finding.rule == "utm/source-mismatch" and "expected 'twitter'" in finding.message


def test_medium_must_be_allowed(registry):
    text = HEAD + "[a](https://acme.example/n?utm_source=linkedin&utm_medium=post&utm_campaign=fall-launch)\n"
    (finding,) = utm_findings(registry, text)
    assert finding.rule == "utm/unknown-medium" and "'Organic Social'" in finding.message
    assert utm_findings(registry, text, mediums=["social", "post"]) == []


def test_campaign_must_agree_with_front_matter(registry):
    text = "---\nchannel: linkedin\ncampaign: Fall Launch\n---\n[a](https://acme.example/n?utm_source=linkedin&utm_medium=social&utm_campaign=spring)\n"
    (finding,) = utm_findings(registry, text)
    assert finding.rule == "utm/campaign-mismatch" and "expected 'fall-launch'" in finding.message


def test_duplicates_are_reported_at_the_second_copy(registry):
    text = HEAD + f"[a](https://acme.example/n?{OK}&utm_medium=cpc)\n"
    (finding,) = utm_findings(registry, text)
    assert finding.rule == "utm/duplicate-tag" and finding.excerpt == "utm_medium=cpc"


@pytest.mark.parametrize(
    "value, kind",
    [
        ("ana%40mail.example", "an e-mail address"),
        ("ana.pop@mail.example", "an e-mail address"),
        ("0722-123-456", "a phone number"),
        ("%2B40722123456", "a phone number"),
        ("+1 (415) 555-0100", "a phone number"),
    ],
)
def test_personal_data_is_an_error(registry, value, kind):
    text = HEAD + f"[a](https://acme.example/n?{OK}&utm_content={value.replace(' ', '%20')})\n"
    (finding,) = utm_findings(registry, text)
    assert finding.rule == "utm/personal-data" and kind in finding.message


@pytest.mark.parametrize("value", ["2026-10-01", "20261001", "q3-2026", "v1.2.3", "launch-2026-10-01-a"])
def test_dates_and_versions_are_not_phone_numbers(value):
    assert personal_data(value) is None


def test_site_posts_must_not_tag_internal_links(registry):
    blog = "---\nchannel: blog\n---\n"
    (finding,) = utm_findings(registry, blog + f"[a](https://acme.example/n?{OK})\n")
    assert finding.rule == "utm/internal-tagged" and "utm_source, utm_medium, utm_campaign" in finding.message
    assert utm_findings(registry, blog + "[a](https://acme.example/n)\n") == []
    docs = "---\nchannel: docs\n---\n"
    assert rules_of(utm_findings(registry, docs + f"[a](https://acme.example/n?{OK})\n", site_channels=["docs"])) == [
        "utm/internal-tagged"
    ]


def test_bad_settings_are_config_errors():
    with pytest.raises(ConfigError, match="utm.sources"):
        config_module.from_mapping({"utm": {"sources": ["x"]}}, None)
    with pytest.raises(ConfigError, match="unknown key"):
        config_module.from_mapping({"utm": {"domain": ["acme.example"]}}, None)


def test_json_marks_fixable_findings_and_explain_shows_channel_rules(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("utm:\n  domains: [acme.example]\n", encoding="utf-8")
    (tmp_path / "post.md").write_text(HEAD + "[a](https://acme.example/n)\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--offline", "--select", "utm", "--format", "json", str(tmp_path / "post.md")])
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.output)["files"][0]["findings"]
    assert finding["rule"] == "utm/missing-tag" and finding["fixable"] is True
    text = runner.invoke(main, ["check", "--offline", "--select", "utm", str(tmp_path / "post.md")]).output
    assert "utm/missing-tag [error] [*] " in text and "postcheck fix --diff" in text
    explained = runner.invoke(main, ["explain", "utm/unknown-medium"]).output
    assert "GA4 default channel rules" in explained and "10. Organic Social" in explained
