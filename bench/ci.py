"""Figures for where writers meet postcheck: the pre-commit hook, --changed-since and the CI
formats. Prints one line per figure; run with ``.venv/bin/python bench/ci.py``.

- pre-commit: ``pre-commit try-repo`` on this working tree from a content repo, with an empty
  PRE_COMMIT_HOME (pip-installs postcheck into pre-commit's own environment: the first commit
  after ``pre-commit install``), then what every later commit costs.
- --changed-since: git's part (merge base and diff) in a repo holding the real corpus, with a
  branch that changes 10 posts.
- formats: rendering the offline run over the real corpus (EN and RO) in each format.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from postcheck import formatters  # noqa: E402
from postcheck.commands._common import load_rules  # noqa: E402
from postcheck.config import from_mapping  # noqa: E402
from postcheck.checks import RunOptions  # noqa: E402
from postcheck.gitdiff import changed_files  # noqa: E402
from postcheck.runner import run  # noqa: E402

SHARED = Path("/work/shared") if Path("/work/shared").is_dir() else ROOT.parent / "shared"
CORPUS = [SHARED / "corpus" / "real", SHARED / "corpus" / "real-ro"]
DIRTY = "---\ntitle: Offer\n---\nGuaranteed results for every client.\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "bench@example.com")
    git(path, "config", "user.name", "Bench")
    return path


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_pre_commit(tmp: Path) -> None:
    repo = new_repo(tmp / "content")
    (repo / "post.md").write_text(DIRTY, encoding="utf-8")
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp / "pre-commit-home")}
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "postcheck", "--files", "post.md"]
    seconds = timed(lambda: subprocess.run(try_repo, cwd=repo, env=env, capture_output=True))
    print(f"pre-commit try-repo (clones, pip-installs the hook env, runs): {seconds:.1f} s")
    hook = [str(Path(sys.executable).parent / "postcheck"), "check", "--offline", "post.md"]
    seconds = timed(lambda: subprocess.run(hook, cwd=repo, capture_output=True))
    print(f"the hook's work per commit once installed (postcheck check --offline post.md): {seconds:.2f} s")


def bench_changed_since(tmp: Path) -> None:
    repo = new_repo(tmp / "corpus-repo")
    for folder in CORPUS:
        shutil.copytree(folder, repo / folder.name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "corpus")
    git(repo, "checkout", "-q", "-b", "feature")
    posts = sorted(repo.rglob("*.md"))
    for post in posts[:10]:
        post.write_text(post.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit 10 posts")
    found: set[Path] = set()
    seconds = timed(lambda: found.update(changed_files("main", repo)))
    print(f"--changed-since main, git part, {len(posts)} posts in the repo, {len(found)} changed: {seconds * 1000:.0f} ms")


def bench_formats() -> None:
    config = from_mapping({}, None, root=SHARED / "corpus")
    result = run([p for p in CORPUS if p.is_dir()], config, load_rules(), RunOptions(offline=True))
    findings = sum(len(r.findings) for r in result.reports)
    print(f"corpus: {len(result.reports)} posts, {findings} findings")
    for name, module in sorted(formatters.available().items()):
        sink = io.StringIO()
        seconds = timed(lambda: module.render(result, sink, formatters.Style()))
        print(f"render --format {name}: {seconds * 1000:.0f} ms, {len(sink.getvalue()) // 1024} KiB")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bench_pre_commit(Path(folder))
        bench_changed_since(Path(folder))
    bench_formats()


if __name__ == "__main__":
    main()
