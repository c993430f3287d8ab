"""The published pre-commit hooks, run by the real ``pre-commit`` from a real ``git commit``.

The hook repository is a snapshot of this working tree (tracked and new files) committed in a
temporary repo, so the test exercises the ``.pre-commit-hooks.yaml`` and package as they are
now, the way a content repo gets them: pre-commit clones the repo at ``rev`` and pip-installs
it into its own environment (about 10 s from a warm pip cache; once for the whole module). The
content repo's config is the README's snippet with ``repo`` and ``rev`` filled in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from support.gitrepo import CLEAN, DIRTY, git, run_git, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WAIVED = (
    "---\ntitle: Offer\n---\n"
    "<!-- postcheck-disable-next-line deceptive/guaranteed-results -- legal approved 2026-10-02 -->\n"
    "Guaranteed results for every client.\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """An isolated PRE_COMMIT_HOME and git config, so no test sees another's or the user's."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Writer\n\temail = writer@example.com\n[commit]\n\tgpgsign = false\n")
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    variables.update(PRE_COMMIT_HOME=str(home / "cache"), GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
    return variables


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[str, str]:
    """(repo, rev): this working tree, snapshotted as one commit."""
    listed = run_git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed.returncode != 0:
        pytest.skip("the project is not a git checkout, so it cannot be served as a hook repo")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        git(snapshot, *args, env=env)
    return str(snapshot), git(snapshot, "rev-parse", "HEAD", env=env).strip()


def readme_snippet() -> dict:
    """The ``.pre-commit-config.yaml`` the README tells a content repo to paste."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Pre-commit\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block, "README '## Pre-commit' has no yaml block"
    return yaml.safe_load(block.group(1))


@pytest.fixture
def content(tmp_path: Path, env, hook_repo) -> Path:
    """A fresh content repo with the README's config and the hook installed."""
    repo = tmp_path / "content"
    repo.mkdir()
    git(repo, "init", "-q", env=env)
    config = readme_snippet()
    config["repos"][0].update(repo=hook_repo[0], rev=hook_repo[1])
    write(repo, ".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stderr
    return repo


def commit(repo: Path, env: dict[str, str], files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for name, text in files.items():
        write(repo, name, text)
    git(repo, "add", "-A", env=env)
    return run_git(repo, "commit", "-m", "post", env=env)


def committed(repo: Path, env: dict[str, str]) -> bool:
    return run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD", env=env).returncode == 0


def test_a_dirty_post_blocks_the_commit_and_shows_the_findings(content: Path, env) -> None:
    done = commit(content, env, {"posts/offer.md": DIRTY})
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert re.search(r"^postcheck\.+Failed$", output, re.MULTILINE), output
    assert "posts/offer.md:4:1: deceptive/guaranteed-results [error]" in output
    assert not committed(content, env)


def test_a_clean_post_commits(content: Path, env) -> None:
    done = commit(content, env, {"posts/notes.md": CLEAN, "posts/draft.mdx": CLEAN})
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^postcheck\.+Passed$", done.stdout + done.stderr, re.MULTILINE)
    assert committed(content, env)


def test_a_finding_suppressed_with_a_reason_commits(content: Path, env) -> None:
    done = commit(content, env, {"posts/offer.md": WAIVED})
    assert done.returncode == 0, done.stdout + done.stderr
    assert committed(content, env)


def test_files_that_are_not_posts_do_not_run_the_hook(content: Path, env) -> None:
    done = commit(content, env, {"notes.txt": DIRTY})
    assert done.returncode == 0
    assert re.search(r"^postcheck\.+\(no files to check\)Skipped$", done.stdout + done.stderr, re.MULTILINE)


def test_user_args_add_to_the_entry(content: Path, env) -> None:
    """``args`` must not drop ``check --offline``: here they make warnings block too."""
    config = yaml.safe_load((content / ".pre-commit-config.yaml").read_text())
    config["repos"][0]["hooks"][0]["args"] = ["--fail-on", "warning"]
    write(content, ".pre-commit-config.yaml", yaml.safe_dump(config))
    urgent = "---\ntitle: Webinar\n---\nOnly 3 spots left, so register today.\n"
    done = commit(content, env, {"posts/webinar.md": urgent})
    assert done.returncode != 0
    assert "deceptive/fake-scarcity [warning]" in done.stdout + done.stderr


def test_the_links_hook_runs_the_full_check(content: Path, env, hook_repo) -> None:
    config = {"repos": [{"repo": hook_repo[0], "rev": hook_repo[1], "hooks": [{"id": "postcheck-links"}]}]}
    write(content, ".pre-commit-config.yaml", yaml.safe_dump(config))
    done = commit(content, env, {"posts/offer.md": DIRTY})
    assert done.returncode != 0
    assert re.search(r"^postcheck \(with link checks\)\.+Failed$", done.stdout + done.stderr, re.MULTILINE)
    assert "posts/offer.md:4:1: deceptive/guaranteed-results [error]" in done.stdout + done.stderr
