"""deceptive/undisclosed-sponsorship on real posts from the shared corpus, turned sponsored.

Each test takes a real post, adds ``sponsored: true`` to its front matter and moves a
disclosure around, then runs the real parser and engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED
from support.deceptive import findings
from postcheck.findings import Finding
from postcheck.registry import Registry

RULE = "deceptive/undisclosed-sponsorship"
EN_POST = SHARED / "corpus/real/PostHog__posthog.com/contents/customers/elevenlabs.md"
RO_POST = SHARED / "corpus/real-ro/open-telemetry__opentelemetry.io/content/ro/docs/concepts/distributions.md"


def _real(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"shared corpus not available: {path}")
    return path.read_text(encoding="utf-8")


def _sponsored(text: str, value: str = "true") -> str:
    """The post with ``sponsored: <value>`` as the last front matter key."""
    head, body = text.split("\n---\n", 1)
    return f"{head}\nsponsored: {value}\n---\n{body}"


def _findings(registry: Registry, text: str, rule: str = RULE, enabled: set[str] | None = None) -> list[Finding]:
    return [f for f in findings(registry, text, enabled=enabled) if f.rule == rule]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_real_post_marked_sponsored_without_disclosure_points_at_the_key(registry):
    text = _sponsored(_real(EN_POST))
    [finding] = _findings(registry, text)
    assert finding.span.start.line == _line_of(text, "sponsored: true")
    assert finding.severity.value == "error"
    assert "first paragraph" in finding.message


def test_disclosure_before_the_first_link_passes(registry):
    text = _sponsored(_real(EN_POST)).replace("\n[ElevenLabs](", "\n#ad Paid partnership with PostHog. [ElevenLabs](", 1)
    assert _findings(registry, text) == []


def test_disclosure_after_the_first_link_is_reported_where_it_is(registry):
    text = _sponsored(_real(EN_POST)).replace("and more. Founded", "and more. #ad Founded", 1)
    [finding] = _findings(registry, text)
    line = _line_of(text, "#ad Founded")
    assert (finding.span.start.line, finding.excerpt) == (line, "#ad")


def test_disclosure_only_in_a_later_paragraph_is_reported_there(registry):
    text = _sponsored(_real(EN_POST)).replace("## How ElevenLabs tests", "Sponsored by PostHog.\n\n## How ElevenLabs tests", 1)
    [finding] = _findings(registry, text)
    assert finding.span.start.line == _line_of(text, "Sponsored by PostHog.")


def test_disclosure_in_the_title_passes(registry):
    text = _sponsored(_real(EN_POST)).replace("title: How ElevenLabs", "title: '#ad How ElevenLabs", 1)
    text = text.replace("launch new features\n", "launch new features'\n", 1)
    assert _findings(registry, text) == []


@pytest.mark.parametrize("label", ["#sp", "#partner", "#collab", "Thanks to PostHog!"])
def test_ambiguous_labels_do_not_count(registry, label):
    text = _sponsored(_real(EN_POST)).replace("\n[ElevenLabs](", f"\n{label} [ElevenLabs](", 1)
    assert len(_findings(registry, text)) == 1


@pytest.mark.parametrize(
    "label",
    ["#reclamă", "#reclama", "Parteneriat plătit cu Acme.", "Parteneriat platit cu Acme.", "Publicitate:", "#ad"],
)
def test_romanian_real_post_with_clear_label_passes(registry, label):
    text = _sponsored(_real(RO_POST)).replace("\nProiectele OpenTelemetry", f"\n{label} Proiectele OpenTelemetry", 1)
    assert _findings(registry, text) == []


def test_romanian_real_post_without_label_gets_the_romanian_message(registry):
    text = _sponsored(_real(RO_POST))
    doc_text = text.replace("---\ntitle:", "---\nlang: ro\ntitle:", 1)
    [finding] = _findings(registry, doc_text)
    assert finding.message.startswith("Postarea e marcată sponsorizată")
    assert finding.span.start.line == _line_of(doc_text, "sponsored: true")


def test_disclosure_split_across_a_soft_line_break_counts(registry):
    text = _sponsored(_real(RO_POST)).replace("\nProiectele OpenTelemetry", "\nParteneriat\nplătit cu Acme. Proiectele OpenTelemetry", 1)
    assert _findings(registry, text) == []


@pytest.mark.parametrize("value, flagged", [("true", True), ("yes", True), ('"true"', True), ("false", False), ("Acme", False)])
def test_sponsored_values(registry, value, flagged):
    assert bool(_findings(registry, _sponsored(_real(EN_POST), value))) is flagged


def test_toml_front_matter(registry):
    text = '+++\ntitle = "Headphones"\nsponsored = true\n+++\nI use the [X2](https://acme.example) daily.\n'
    [finding] = _findings(registry, text)
    assert finding.span.start.line == 3


def test_a_disclosure_inside_code_or_a_url_does_not_count(registry):
    text = "---\nsponsored: true\n---\n`#ad` see https://acme.example/#ad and [X2](https://acme.example/x2).\n"
    assert len(_findings(registry, text)) == 1


def test_broken_front_matter_is_a_parse_error_not_a_crash(registry):
    text = "---\nsponsored: true\ntitle: [unclosed\n---\nBody [link](https://acme.example).\n"
    assert _findings(registry, text) == []
    assert _findings(registry, text, rule="postcheck/parse-error")


def test_disabled_rule_is_silent(registry):
    text = _sponsored(_real(EN_POST))
    assert _findings(registry, text, enabled=set(registry.rules) - {RULE}) == []


# --- deceptive.disclosures: the team's own labels ----------------------------------------------


def _with_config(registry: Registry, text: str, config: dict, rule: str = RULE) -> list[Finding]:
    from postcheck.runner import check_text

    return [f for f in check_text(text, registry, config=config, enabled=set(registry.rules)).findings if f.rule == rule]


def test_house_labels_count_as_disclosures(registry):
    text = _sponsored(_real(EN_POST)).replace("\n[ElevenLabs](", "\n#Werbung [ElevenLabs](", 1)
    assert len(_findings(registry, text)) == 1  # not a built-in label
    assert _with_config(registry, text, {"deceptive": {"disclosures": ["#werbung"]}}) == []
    spaced = _sponsored(_real(EN_POST)).replace("\n[ElevenLabs](", "\nBezahlte\nPartnerschaft: [ElevenLabs](", 1)
    assert _with_config(registry, spaced, {"deceptive": {"disclosures": ["bezahlte partnerschaft"]}}) == []


def test_house_labels_are_literal_text_not_patterns(registry):
    text = "---\nsponsored: true\n---\nxxxx I use the [X2](https://acme.example) daily.\n"
    assert len(_with_config(registry, text, {"deceptive": {"disclosures": ["x*", "(a+)+$", ""]}})) == 1
    literal = "---\nsponsored: true\n---\n[promo*] I use the [X2](https://acme.example) daily.\n"
    assert _with_config(registry, literal, {"deceptive": {"disclosures": ["promo*"]}}) == []


def test_a_bad_disclosures_setting_is_a_config_error(tmp_path):
    from click.testing import CliRunner

    from postcheck.cli import main

    (tmp_path / ".postcheck.yaml").write_text("deceptive:\n  disclosures: '#werbung'\n")
    (tmp_path / "post.md").write_text("Hello.\n")
    result = CliRunner().invoke(main, ["check", "--offline", str(tmp_path / "post.md")])
    assert result.exit_code == 2 and "deceptive.disclosures: expected a list" in result.output


# --- deceptive/paid-partnership-setting: the platform's own switch -----------------------------

PLATFORM_RULE = "deceptive/paid-partnership-setting"


@pytest.mark.parametrize(
    "channel, words",
    [
        ("youtube", '"paid promotion" box'),
        ("YouTube", '"paid promotion" box'),
        ("tiktok", '"Disclose commercial content"'),
        ("instagram", '"Add paid partnership label"'),
        ("facebook", "branded content tool"),
    ],
)
def test_sponsored_social_posts_get_the_platform_setting(registry, channel, words):
    text = _sponsored(_real(EN_POST)).replace("\n---\n", f"\nchannel: {channel}\n---\n", 1)
    [finding] = _findings(registry, text, rule=PLATFORM_RULE)
    assert finding.severity.value == "info" and words in finding.message
    assert finding.span.start.line == _line_of(text, "channel:")


def test_the_platform_setting_is_named_in_romanian_for_a_romanian_post(registry):
    text = _sponsored(_real(RO_POST)).replace("\n---\n", "\nchannel: youtube\n---\n", 1)
    [finding] = _findings(registry, text, rule=PLATFORM_RULE)
    assert finding.message.startswith("Postare sponsorizată pe YouTube: la publicare, activează și caseta „paid promotion”")


@pytest.mark.parametrize("channel, sponsored", [("blog", "true"), ("linkedin", "true"), ("youtube", "false"), ("[youtube]", "true")])
def test_no_platform_reminder_otherwise(registry, channel, sponsored):
    text = _sponsored(_real(EN_POST), sponsored).replace("\n---\n", f"\nchannel: {channel}\n---\n", 1)
    assert _findings(registry, text, rule=PLATFORM_RULE) == []


def test_the_reminder_and_the_disclosure_rule_are_independent(registry):
    text = _sponsored(_real(EN_POST)).replace("\n---\n", "\nchannel: tiktok\n---\n", 1)
    assert _findings(registry, text, rule=PLATFORM_RULE, enabled={PLATFORM_RULE})
    assert _findings(registry, text, rule=PLATFORM_RULE, enabled={RULE}) == []
    assert _findings(registry, text, enabled={RULE})
