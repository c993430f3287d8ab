"""Config discovery, validation and overrides."""

from __future__ import annotations

import pytest

from postcheck import config as config_module
from postcheck.config import ConfigError, discover, load
from postcheck.findings import Severity


def test_discovery_walks_up_from_the_checked_path(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("language: ro\n")
    posts = tmp_path / "a" / "b"
    posts.mkdir(parents=True)
    assert discover([posts]) == tmp_path / ".postcheck.yaml"
    assert load(discover([posts])).language == "ro"


def test_pyproject_tool_table_is_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.postcheck]\nlanguage = "en"\n[tool.postcheck.utm]\ndomains = ["acme.example"]\n')
    found = discover([tmp_path])
    config = load(found)
    assert found.name == "pyproject.toml"
    assert config.section("utm").domains == ["acme.example"]


def test_pyproject_without_the_table_is_skipped(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("language: en\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert discover([inner]) == tmp_path / ".postcheck.yaml"


def test_defaults_without_a_config():
    config = load(None)
    assert config.language == "auto"
    assert config.section("utm").required == ["utm_source", "utm_medium", "utm_campaign"]
    assert config.section("links").timeout == 10.0


@pytest.mark.parametrize(
    "text, words",
    [
        ("langauge: en\n", "langauge: unknown key"),
        ("language: fr\n", "language: expected one of auto, en, ro"),
        ("utm:\n  domains: acme.example\n", "utm.domains: expected a list"),
        ("utm:\n  domain: [a]\n", "utm.domain: unknown key"),
        ("links:\n  timeout: soon\n", "links.timeout: expected a number"),
        ("rules:\n  claims: {severity: fatal}\n", "rules.claims.severity: expected one of"),
        ("rules:\n  deceptive: {enabled: 'yes'}\n", "rules.deceptive.enabled: expected true or false"),
        ("- just\n- a list\n", "must be a mapping"),
        ("language: [\n", "invalid YAML at line"),
    ],
)
def test_bad_config_names_the_file_and_the_key(tmp_path, text, words):
    path = tmp_path / ".postcheck.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path)
    assert str(path) in str(error.value)
    assert words in str(error.value)


def test_rule_overrides_own_entry_wins_over_family(tmp_path):
    config = config_module.from_mapping(
        {"rules": {"deceptive": {"severity": "warning", "enabled": False}, "deceptive/fake-urgency": {"severity": "error", "enabled": True}}},
        None,
    )
    assert config.severity_for("deceptive/health-cure", Severity.ERROR) is Severity.WARNING
    assert config.severity_for("deceptive/fake-urgency", Severity.WARNING) is Severity.ERROR
    assert config.override_for("deceptive/health-cure").enabled is False
    assert config.override_for("deceptive/fake-urgency").enabled is True


def test_paths_in_config_are_relative_to_its_folder(tmp_path):
    path = tmp_path / ".postcheck.yaml"
    path.write_text("incidents:\n  ledger: data/incidents.yaml\n")
    config = load(path)
    assert config.resolve(config.section("incidents").ledger) == (tmp_path / "data" / "incidents.yaml").resolve()
