"""``fix --diff FOLDER`` prints paths relative to the current folder, so the diff applies with
``git apply`` (and ``patch -p1``) run from there, whatever folder was given."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from support.gitrepo import commit, git, init, write

from postcheck.cli import main

POST = "---\nchannel: linkedin\ncampaign: fall\n---\nRead [the notes](https://acme.example/notes).\n"


def test_the_diff_of_a_subfolder_applies_with_git_apply(tmp_path: Path, monkeypatch) -> None:
    repo = init(tmp_path / "content")
    write(repo, ".postcheck.yaml", "utm:\n  domains: [acme.example]\n")
    write(repo, "posts/2026/launch.md", POST)
    commit(repo, "A post")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["fix", "--diff", "posts/2026"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/posts/2026/launch.md\n+++ b/posts/2026/launch.md\n")
    (repo / "fix.diff").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "--check", "fix.diff")
    git(repo, "apply", "fix.diff")
    assert "utm_campaign=fall" in (repo / "posts" / "2026" / "launch.md").read_text()

    monkeypatch.chdir(repo / "posts")  # from a subfolder: relative to it
    write(repo, "posts/2026/other.md", POST)
    result = CliRunner().invoke(main, ["fix", "--diff", "2026/other.md"], catch_exceptions=False)
    assert result.stdout.startswith("--- a/2026/other.md\n")
