"""``check --changed-since REF`` against real git repositories built in a temporary folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from postcheck.cli import main

import support.gitrepo as gitrepo
from support.gitrepo import CLEAN, DIRTY, commit, git, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repo on ``main`` with four dirty posts, then a ``feature`` branch checked out."""
    root = gitrepo.init(tmp_path / "content")
    write(root, ".postcheck.yaml", 'include: ["posts/**/*.md"]\n')
    for name in ("edited", "untouched", "renamed", "deleted", "main-only"):
        write(root, f"posts/{name}.md", DIRTY)
    write(root, "README.md", "Guaranteed results.\n")
    commit(root, "posts")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def run_check(repo: Path, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    return CliRunner().invoke(main, ["check", "--offline", "--format", "json", *args])


def checked(result) -> list[str]:
    return [entry["path"] for entry in json.loads(result.stdout)["files"]]


def test_only_posts_changed_on_the_branch_are_checked(repo: Path, monkeypatch) -> None:
    write(repo, "posts/edited.md", DIRTY + "\nOne more line.\n")
    write(repo, "posts/new.md", DIRTY)
    git(repo, "mv", "posts/renamed.md", "posts/renamed-later.md")
    git(repo, "rm", "-q", "posts/deleted.md")
    write(repo, "README.md", "Guaranteed results, now in the README too.\n")  # not a post (include)
    commit(repo, "feature work")
    # main moves on after the branch point: its changes are not the pull request's.
    git(repo, "checkout", "-q", "main")
    write(repo, "posts/main-only.md", DIRTY + "\nEdited on main.\n")
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")

    result = run_check(repo, monkeypatch, "--changed-since", "main", ".")

    assert result.exit_code == 1, result.output
    assert checked(result) == ["posts/edited.md", "posts/new.md", "posts/renamed-later.md"]


def test_uncommitted_edits_count_and_untracked_files_do_not(repo: Path, monkeypatch) -> None:
    write(repo, "posts/edited.md", CLEAN)  # unstaged
    write(repo, "posts/drafts/staged.md", DIRTY)
    git(repo, "add", "posts/drafts/staged.md")
    write(repo, "posts/report.md", DIRTY)  # e.g. a file a CI step generated

    result = run_check(repo, monkeypatch, "--changed-since", "main")

    assert checked(result) == ["posts/edited.md", "posts/drafts/staged.md"]
    assert result.exit_code == 1


def test_paths_still_narrow_the_changed_posts(repo: Path, monkeypatch) -> None:
    write(repo, "posts/a/one.md", DIRTY)
    write(repo, "posts/b/two.md", DIRTY)
    git(repo, "add", "-A")

    result = run_check(repo, monkeypatch, "--changed-since", "main", "posts/b")

    assert checked(result) == ["two.md"]


def test_nothing_changed_passes(repo: Path, monkeypatch) -> None:
    result = run_check(repo, monkeypatch, "--changed-since", "main")

    assert result.exit_code == 0, result.output
    assert checked(result) == []


def test_a_ref_name_with_a_remote_prefix_works(repo: Path, monkeypatch, tmp_path: Path) -> None:
    """CI checks out the PR and compares with ``origin/main``."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "feature", str(repo), str(clone)], check=True)
    write(clone, "posts/new.md", DIRTY)
    git(clone, "add", "-A")

    result = run_check(clone, monkeypatch, "--changed-since", "origin/main")

    assert checked(result) == ["posts/new.md"]


def test_unknown_ref_is_one_clean_line(repo: Path, monkeypatch) -> None:
    result = run_check(repo, monkeypatch, "--changed-since", "no-such-branch")

    assert result.exit_code == 2
    assert result.stderr == "postcheck: error: --changed-since: unknown git ref 'no-such-branch'\n"
    assert result.stdout == ""


def test_outside_a_git_repository_is_one_clean_line(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "plain"
    write(folder, "post.md", DIRTY)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    result = run_check(folder, monkeypatch, "--changed-since", "main")

    assert result.exit_code == 2
    assert result.stderr == "postcheck: error: .: not inside a git repository\n"


def test_a_shallow_clone_says_to_fetch_the_history(repo: Path, monkeypatch, tmp_path: Path) -> None:
    """CI's default checkout has one commit: there is no merge base to compare with."""
    write(repo, "posts/new.md", DIRTY)
    commit(repo, "a post on the branch")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-single-branch", repo.as_uri(), str(clone)], check=True)

    result = run_check(clone, monkeypatch, "--changed-since", "origin/main")

    assert result.exit_code == 2
    assert result.stderr == (
        "postcheck: error: --changed-since: 'origin/main' and HEAD have no common history "
        "(this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)\n"
    )


def test_the_proof_point_register_is_reported_only_when_it_changed(repo: Path, monkeypatch) -> None:
    register = "- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: gone.pdf\n  owner: o\n  reviewed: 2026-01-01\n"
    write(repo, ".postcheck.yaml", 'include: ["posts/**/*.md"]\nproof_points: proof-points.yaml\n')
    write(repo, "proof-points.yaml", register)
    commit(repo, "a register whose evidence is missing")
    git(repo, "checkout", "-q", "-b", "later")
    write(repo, "posts/edited.md", DIRTY + "\nOne more line.\n")
    commit(repo, "a post changes, the register does not")
    assert checked(run_check(repo, monkeypatch, "--changed-since", "feature", ".")) == ["posts/edited.md"]
    write(repo, "proof-points.yaml", register.replace("id: x", "id: y"))
    commit(repo, "the register changes")
    assert checked(run_check(repo, monkeypatch, "--changed-since", "feature", ".")) == ["posts/edited.md", "proof-points.yaml"]
    assert "proof-points.yaml" in checked(run_check(repo, monkeypatch, "."))
