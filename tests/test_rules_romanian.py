"""Romanian all the way: explain's headings, the postcheck/* messages on Romanian posts, and
verbs that agree with how many things are missing. explain shows slots as "…"."""

from __future__ import annotations

from click.testing import CliRunner

from postcheck.cli import main
from postcheck.messages import TEXTS
from postcheck.rulepack import SLOT
from postcheck.runner import check_text


def explain(*args: str) -> str:
    result = CliRunner().invoke(main, ["explain", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_explain_in_romanian_has_romanian_headings():
    shown = explain("--lang", "ro", "deceptive/fake-urgency")
    for heading in ("De ce:", "Cum se corectează:", "Politica:", "Exemple (ro):", "semnalat:", "nesemnalat:", "familia 'deceptive'"):
        assert heading in shown, heading
    for english in ("Why:", "How to fix:", "Policy:", "Examples (", "flagged:"):
        assert english not in shown, english
    assert "Why:" in explain("deceptive/fake-urgency")


def test_explain_shows_slots_as_ellipsis_everywhere():
    for rule, lang in (("utm/missing-tag", "en"), ("links/redirect", "en"), ("proof/missing-proof-link", "en"), ("utm/missing-tag", "ro")):
        shown = explain("--lang", lang, rule)
        assert not SLOT.search(shown), (rule, lang, SLOT.search(shown))
    assert "Replace the URL with …." in explain("links/redirect")
    assert "îi lipsesc …" in explain("--lang", "ro", "utm/missing-tag")  # a plural choice shows its plural


def test_every_postcheck_rule_has_a_romanian_text(registry):
    for rule in registry.rules.values():
        if rule.family == "postcheck":
            assert "ro" in rule.localised, rule.id
    for key, texts in TEXTS.items():
        assert set(texts) == {"en", "ro"}, key
        assert set(SLOT.findall(texts["en"])) == set(SLOT.findall(texts["ro"])), key


def test_postcheck_messages_are_in_romanian_on_romanian_posts(registry):
    post = "---\nlang: ro\nsponsored: poate\n---\n<!-- postcheck-disable-next-line deceptiv -->\nO postare calmă.\n\n<!-- postcheck-disable-next-line claims -->\nAltă frază calmă.\n"
    messages = {f.rule: f.message for f in check_text(post, registry).findings}
    assert messages["postcheck/front-matter"] == "Valoarea din antet „sponsored: poate” nu poate fi folosită de postcheck; se aștepta true sau false."
    unused = [f.message for f in check_text(post, registry).findings if f.rule == "postcheck/unused-suppression"]
    assert unused == [
        "Această suprimare numește o regulă sau o familie necunoscută: deceptiv.",
        "Această suprimare nu suprimă nimic: nicio problemă claims pe rândurile la care se aplică.",
    ]
    broken = check_text("---\nlang: ro\ntitle: [oops\n---\nText.\n", registry, lang="ro", config={"language": "ro"})
    assert broken.findings[0].message.startswith("antet YAML invalid: ")


def test_a_parse_error_follows_the_configured_language(registry, tmp_path):
    (tmp_path / "post.md").write_bytes("Bună ziua\n".encode("utf-16"))
    (tmp_path / ".postcheck.yaml").write_text("language: ro\n")
    result = CliRunner().invoke(main, ["check", "--offline", str(tmp_path / "post.md")])
    assert "postcheck/parse-error [error] UTF-16: salvează fișierul ca UTF-8" in result.stdout


def test_missing_tags_agree_in_number(registry):
    config = {"utm": {"domains": ["acme.example"]}}
    one = "---\nlang: ro\nchannel: linkedin\ncampaign: toamna\n---\nVezi [notele](https://acme.example/n?utm_source=linkedin&utm_medium=social).\n"
    three = "---\nlang: ro\nchannel: linkedin\ncampaign: toamna\n---\nVezi [notele](https://acme.example/n).\n"
    [singular] = check_text(one, registry, config=config).findings
    [plural] = check_text(three, registry, config=config).findings
    assert "îi lipsește utm_campaign;" in singular.message
    assert "îi lipsesc utm_source, utm_medium, utm_campaign;" in plural.message
    english = check_text(three.replace("lang: ro", "lang: en"), registry, config=config).findings[0]
    assert "is missing utm_source, utm_medium, utm_campaign;" in english.message
