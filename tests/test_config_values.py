"""Config values that used to be accepted and then did nothing: owned domains written as URLs,
proof pages that are not URLs or paths, waivers without a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from postcheck import config as config_module
from postcheck.cli import main
from postcheck.config import ConfigError
from postcheck.runner import check_text

TAGGED_POST = "---\nchannel: linkedin\ncampaign: fall\n---\nRead [the notes](https://acme.example/notes).\n"


def load(text: str, tmp_path: Path):
    path = tmp_path / ".postcheck.yaml"
    path.write_text(text, encoding="utf-8")
    return config_module.load(path)


@pytest.mark.parametrize("value", ["https://acme.example/", "acme.example", "ACME.example.", "http://acme.example:8080", "//acme.example"])
def test_an_owned_domain_may_be_a_url_and_its_host_is_used(registry, tmp_path, value):
    config = load(f"utm:\n  domains: ['{value}']\n", tmp_path)
    assert config.section("utm").domains == ["acme.example"]
    report = check_text(TAGGED_POST, registry, lang="en", config=config)
    assert [f.rule for f in report.findings] == ["utm/missing-tag"]  # UTM checking is on


@pytest.mark.parametrize(
    "value, words",
    [
        ("acme example", "is not a host name"),
        ("https://acme.example/blog", "has a path; utm.domains takes host names"),
        ("ftp://acme.example", "is not a host name or an http\\(s\\) URL"),
        ("", "is not a host name"),
    ],
)
def test_a_domain_that_is_no_host_is_an_error(tmp_path, value, words):
    with pytest.raises(ConfigError, match=rf"\.postcheck\.yaml: utm\.domains\[1\]: .*{words}"):
        load(f"utm:\n  domains: [acme.example, '{value}']\n", tmp_path)


@pytest.mark.parametrize("page", ["https://acme.example/trust", "/trust", "docs/trust.md", "../site/principles.html", "//acme.example/ai"])
def test_a_proof_page_is_a_url_or_a_path(tmp_path, page):
    assert load(f"proof:\n  pages: ['{page}']\n", tmp_path).section("proof").pages == [page]


@pytest.mark.parametrize(
    "page, words",
    [
        ("acme.example/trust", "without its scheme; write https://acme.example/trust"),
        ("www.acme.example", "without its scheme"),
        ("mailto:trust@acme.example", "is not an http\\(s\\) URL or a path"),
        ("the trust page", "is not a URL or a path"),
    ],
)
def test_a_proof_page_that_is_neither_is_an_error(tmp_path, page, words):
    with pytest.raises(ConfigError, match=rf"proof\.pages\[0\]: .*{words}"):
        load(f"proof:\n  pages: ['{page}']\n", tmp_path)
    with pytest.raises(ConfigError, match=r"proof\.topics\.ai\[0\]: "):
        load(f"proof:\n  topics: {{ai: ['{page}']}}\n", tmp_path)


def test_a_bad_domain_from_the_cli_is_one_line_and_exit_2(tmp_path, monkeypatch):
    (tmp_path / ".postcheck.yaml").write_text("utm:\n  domains: ['acme example']\n")
    (tmp_path / "post.md").write_text("Hello.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "post.md"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("postcheck: error: ") and ".postcheck.yaml: utm.domains[0]: 'acme example' is not a host name" in result.stderr


WAIVED = "<!-- postcheck-disable-next-line deceptive -->\nGuaranteed results.\n\n<!-- postcheck-disable-next-line deceptive -- legal approved 2026-10-02 -->\nGuaranteed results.\n"


def test_require_reason_makes_a_waiver_without_one_a_finding(registry):
    strict = check_text(WAIVED, registry, lang="en", config={"suppressions": {"require_reason": True}})
    assert [(f.rule, f.span.start.line, f.severity.value) for f in strict.findings] == [("postcheck/suppression-without-reason", 1, "error")]
    assert len(strict.suppressed) == 2  # the waiver still applies
    assert strict.verdict == "fail"
    relaxed = check_text(WAIVED, registry, lang="en")
    assert relaxed.findings == [] and relaxed.verdict == "pass"
    romanian = check_text(WAIVED.replace("Guaranteed results.", "Rezultate garantate."), registry, lang="ro", config={"suppressions": {"require_reason": True}})
    assert romanian.findings[0].message.startswith("Această suprimare nu dă niciun motiv")


def test_require_reason_must_be_true_or_false(tmp_path):
    with pytest.raises(ConfigError, match="suppressions.require_reason: expected true or false"):
        load("suppressions:\n  require_reason: sometimes\n", tmp_path)
