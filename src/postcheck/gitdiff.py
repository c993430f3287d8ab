"""What git knows that a run needs: the posts changed on a branch, and the repository root.

``check --changed-since REF`` lints only the posts a pull request touches. "Changed" means what
a reviewer sees: ``git diff $(git merge-base REF HEAD)``, the merge base against the working
tree, so committed, staged and unstaged edits count, with renames followed to the new name and
deleted files left out (there is nothing left to lint). Files git does not track are left out
too, as in ``git diff``: in CI they are generated reports, not posts under review.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """git cannot answer: not a repository, an unknown ref, or no git at all (exit code 2)."""


def changed_files(ref: str, where: Path) -> set[Path]:
    """Absolute paths of the files added or changed since the merge base of ``ref`` and HEAD,
    in the repository that contains ``where``."""
    root = Path(_git(where, "rev-parse", "--show-toplevel", fail=f"{where}: not inside a git repository"))
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", fail=f"--changed-since: unknown git ref {ref!r}")
    try:
        base = _git(root, "merge-base", ref, "HEAD", fail=f"--changed-since: {ref!r} and HEAD have no common history")
    except GitError as error:
        raise GitError(f"{error}{_shallow_hint(root)}") from None
    # -z: paths are printed verbatim (no quoting of non-ASCII names); ACMRT leaves out deletions.
    diffed = _git(root, "diff", "--name-only", "-z", "--find-renames", "--diff-filter=ACMRT", base, "--")
    return {root / name for name in diffed.split("\0") if name and (root / name).is_file()}


def _shallow_hint(root: Path) -> str:
    """Why a merge base is missing in CI, nine times out of ten: a clone without history."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository") == "true"
    return " (this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)" if shallow else ""


def repo_root(path: Path) -> Path | None:
    """The root of the git work tree holding ``path`` (a ``.git`` folder, or a ``.git`` file in
    a linked worktree or submodule), found without running git; None outside a repository."""
    for folder in [path, *path.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def relative_to_repo(abspath: Path, fallback: str) -> str:
    """``abspath`` as code-scanning tools want it: relative to ``$GITHUB_WORKSPACE`` when it is
    inside it, else to its repository root; ``fallback`` (the reported path) outside a repo."""
    resolved = abspath.resolve()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    for base in (Path(workspace).resolve() if workspace else None, repo_root(resolved)):
        if base is not None and resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return fallback


def _git(where: Path, *args: str, fail: str = "") -> str:
    folder = where if where.is_dir() else where.parent
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError as error:
        raise GitError("--changed-since needs git, and git was not found on PATH") from error
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise GitError(fail or f"git {' '.join(args)} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout.strip("\n") if "-z" not in args else done.stdout
