"""``postcheck incidents add``: validates, fills channel and owner from the post, appends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support.incidents_cli import invoke
from postcheck.incidents import ledger

EXISTING = "# Ledger, kept by hand.\r\n- date: 2026-05-02   # CRLF on purpose\r\n  post: posts/old.md\r\n  action: flagged\r\n  family: deceptive\r\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".postcheck.yaml").write_text("incidents:\n  ledger: records/incidents.yaml\n")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "incidents.yaml").write_bytes(EXISTING.encode())
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "launch.md").write_text("---\ntitle: Launch\nstatus: published\nchannel: linkedin\nowner: maria\n---\nHello.\n")
    return tmp_path


def add(repo: Path, *args: str, cwd: Path | None = None):
    return invoke(cwd or repo, "add", *args)


def test_add_appends_with_front_matter_and_keeps_crlf(repo):
    path = repo / "records" / "incidents.yaml"
    result = add(repo, "--post", "posts/launch.md", "--action", "edited", "--family", "deceptive/fake-urgency", "--date", "2026-08-14", "--note", "offer ended: #ad missing")
    assert result.exit_code == 0, result.output
    assert result.stdout == "incidents.yaml: added 2026-08-14 posts/launch.md edited (deceptive/fake-urgency)\n"
    assert path.read_bytes() == (
        EXISTING
        + "- date: 2026-08-14\r\n  post: posts/launch.md\r\n  action: edited\r\n  family: deceptive/fake-urgency\r\n"
        + '  note: "offer ended: #ad missing"\r\n  channel: linkedin\r\n  owner: maria\r\n'
    ).encode()


def test_flags_win_over_front_matter_and_optional_fields_are_written(repo):
    result = add(repo, "--post", "posts/launch.md", "--action", "flagged", "--family", "claims", "--date", "2026-08-14", "--channel", "x", "--owner", "dan", "--url", "https://x.com/acme/1", "--platform", "x")
    assert result.exit_code == 0, result.output
    entry = ledger.load(repo / "records" / "incidents.yaml")[-1]
    assert (entry.channel, entry.owner, entry.url, entry.platform) == ("x", "dan", "https://x.com/acme/1", "x")


def test_deleted_post_is_recorded_as_given_and_date_defaults_to_today(repo):
    result = add(repo, "--post", "posts/gone.md", "--action", "deleted", "--family", "utm")
    assert result.exit_code == 0, result.output
    entry = ledger.load(repo / "records" / "incidents.yaml")[-1]
    assert (entry.post, entry.date, entry.channel, entry.owner) == ("posts/gone.md", date.today(), "", "")


def test_post_path_from_a_subfolder_is_made_relative_to_the_config(repo):
    result = add(repo, "--post", "launch.md", "--action", "edited", "--family", "claims", "--date", "2026-08-14", cwd=repo / "posts")
    assert result.exit_code == 0, result.output
    assert ledger.load(repo / "records" / "incidents.yaml")[-1].post == "posts/launch.md"


def test_new_ledger_is_created(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("language: en\n")
    result = add(tmp_path, "--post", "p.md", "--action", "edited", "--family", "links", "--date", "2026-01-31")
    assert result.exit_code == 0, result.output
    assert ledger.load(tmp_path / "incidents.yaml")[0].family == "links"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--family", "spelling"], "--family: expected a family (claims, utm, links, proof, deceptive) or a rule id like claims/unsourced-statistic, got 'spelling'"),
        (["--family", "deceptive/made-up"], "--family: unknown rule id 'deceptive/made-up' (see 'postcheck rules')"),
        (["--family", "claims", "--date", "2026-02-30"], "--date: expected a date YYYY-MM-DD, got '2026-02-30'"),
        (["--family", "claims", "--date", "yesterday"], "--date: expected a date YYYY-MM-DD, got 'yesterday'"),
    ],
)
def test_invalid_input_is_one_line_and_writes_nothing(repo, args, message):
    result = add(repo, "--post", "posts/launch.md", "--action", "edited", *args)
    assert result.exit_code == 2
    assert result.stderr == f"postcheck: error: {message}\n"
    assert (repo / "records" / "incidents.yaml").read_bytes() == EXISTING.encode()


def test_bad_action_is_a_usage_error(repo):
    result = add(repo, "--post", "posts/launch.md", "--action", "fixed", "--family", "claims")
    assert result.exit_code == 2 and "'fixed' is not one of 'edited', 'deleted', 'flagged'" in result.stderr


def test_add_refuses_to_touch_a_malformed_ledger(repo):
    path = repo / "records" / "incidents.yaml"
    path.write_text("- date: 2026-05-02\n  post: a.md\n  action: oops\n  family: utm\n")
    result = add(repo, "--post", "posts/launch.md", "--action", "edited", "--family", "claims")
    assert result.exit_code == 2 and "entry 1 (line 1): field 'action'" in result.stderr
    assert path.read_text() == "- date: 2026-05-02\n  post: a.md\n  action: oops\n  family: utm\n"


def test_summary_options_before_a_subcommand_are_refused(repo):
    result = invoke(repo, "--year", "2026", "add", "--post", "posts/launch.md", "--action", "edited", "--family", "claims")
    assert result.exit_code == 2
    assert result.stderr == "postcheck: error: --year belongs to the summary, not to 'incidents add'\n"


def test_config_before_the_subcommand(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = invoke(elsewhere, "--config", str(repo / ".postcheck.yaml"), "add", "--post", "posts/launch.md", "--action", "edited", "--family", "claims", "--date", "2026-08-14")
    assert result.exit_code == 0, result.output
    entry = ledger.load(repo / "records" / "incidents.yaml")[-1]
    assert (entry.post, entry.channel) == ("posts/launch.md", "linkedin")


def test_a_future_date_is_refused_unless_allowed(repo):
    path = repo / "records" / "incidents.yaml"
    future = date.fromordinal(date.today().toordinal() + 1).isoformat()
    refused = add(repo, "--post", "posts/launch.md", "--action", "edited", "--family", "claims", "--date", future)
    assert refused.exit_code == 2 and path.read_bytes() == EXISTING.encode()
    assert f"--date: {future} is in the future" in refused.stderr and "--allow-future" in refused.stderr
    allowed = add(repo, "--post", "posts/launch.md", "--action", "edited", "--family", "claims", "--date", future, "--allow-future")
    assert allowed.exit_code == 0 and f"- date: {future}" in path.read_text()
    today = add(repo, "--post", "posts/launch.md", "--action", "edited", "--family", "claims", "--date", date.today().isoformat())
    assert today.exit_code == 0
