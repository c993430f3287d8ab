"""Which config and rules a document gets, and what a changed file makes the server reload."""

from __future__ import annotations

from postcheck.server.analysis import Snapshot, analyse
from postcheck.server.projects import Projects
from postcheck.server.settings import ServerSettings


def test_each_post_gets_its_nearest_config_and_the_workspace_is_the_default_root(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / ".postcheck.yaml").write_text("server: {links_on_save: true, debounce_ms: 40}\n", encoding="utf-8")
    projects = Projects([tmp_path])
    team = projects.setup_for(tmp_path / "team" / "posts" / "a.md")
    assert team.error is None and team.settings == ServerSettings(links_on_save=True, debounce_ms=40)
    assert projects.peek(tmp_path / "team" / "posts" / "b.md") is team  # same folder: loaded once
    loose = projects.setup_for(tmp_path / "other" / "b.md")
    assert loose.config.path is None and loose.config.root == tmp_path and loose.settings == ServerSettings()

def test_a_config_that_cannot_be_used_is_an_error_not_an_exception(tmp_path):
    config = tmp_path / ".postcheck.yaml"
    for text, expected in [
        ("server: {debounce_ms: 500}\n", "server.debounce_ms: expected 0 to 150 milliseconds, got 500"),
        ("rules: {deceptive/no-such-rule: {enabled: false}}\n", "rules.deceptive/no-such-rule: unknown rule or family"),
        ("utm: [\n", "invalid YAML"),
    ]:
        config.write_text(text, encoding="utf-8")
        projects = Projects([tmp_path])
        setup = projects.setup_for(tmp_path / "post.md")
        assert setup.config is None and expected in setup.error and str(config) in setup.error

def test_what_a_changed_file_reloads(tmp_path):
    projects = Projects([tmp_path])
    registry = projects.registry()
    first = projects.setup_for(tmp_path / "post.md")
    assert projects.forget([tmp_path / "notes.md"]) is False
    assert projects.setup_for(tmp_path / "post.md") is first
    assert projects.forget([tmp_path / ".postcheck.yaml"]) is True  # configs again, same rules
    assert projects.setup_for(tmp_path / "post.md") is not first and projects.registry() is registry
    assert projects.forget([tmp_path / "house" / "rules.yaml"]) is True  # a rule pack: rules again
    assert projects.registry() is not registry


def test_a_broken_proof_point_register_is_a_config_error_not_a_crash(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("proof_points: proof-points.yaml\n", encoding="utf-8")
    (tmp_path / "proof-points.yaml").write_text("- id: reporting-time\n", encoding="utf-8")
    snapshot = Snapshot((tmp_path / "post.md").as_uri(), tmp_path / "post.md", "A calm note.\n", 1)
    analysis = analyse(snapshot, Projects([tmp_path]))
    assert analysis.failure is None and analysis.report is None
    assert "proof-points.yaml:1: entry 1 ('reporting-time'): claim: missing" in analysis.setup.error
