"""Real git repositories for tests: a content repo with posts, built in a temporary folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

DIRTY = "---\ntitle: Offer\n---\nGuaranteed results for every client.\n"
CLEAN = "---\ntitle: Notes\n---\nWe wrote down what we learned this week.\n"


def run_git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """git in ``repo``, whatever its exit code (for commands a hook may refuse)."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """git in ``repo`` that must succeed; its output."""
    done = run_git(repo, *args, env=env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def init(root: Path, branch: str = "main") -> Path:
    """An empty repository with an identity of its own (no dependence on the user's config)."""
    root.mkdir(parents=True, exist_ok=True)
    for args in (
        ["init", "-q", "-b", branch],
        ["config", "user.email", "writer@example.com"],
        ["config", "user.name", "Writer"],
        ["config", "commit.gpgsign", "false"],
    ):
        git(root, *args)
    return root
