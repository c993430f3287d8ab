"""docs/ci.md must work as written: its pipelines parse, and their postcheck commands, run in a
real git repository shaped like a pull request, produce the files the later steps read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from support.gitrepo import CLEAN, DIRTY, commit, git, init, write

DOC = ROOT / "docs" / "ci.md"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (BIN / "postcheck").exists(), reason="needs git and the postcheck script"
)


def pipelines() -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)]


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A content repo on a ``feature`` branch that adds a dirty post to a clean ``main``."""
    repo = init(tmp_path / "content")
    write(repo, "posts/old.md", DIRTY)
    commit(repo, "an old post, already published")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "posts/new.md", DIRTY)
    write(repo, "posts/clean.md", CLEAN)
    commit(repo, "two new posts")
    return repo


def shell(script: str, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **variables}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_github_workflow_runs_as_documented(pull_request: Path, tmp_path: Path) -> None:
    workflow = pipelines()[0]
    steps = workflow["jobs"]["postcheck"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    check = next(step for step in steps if step.get("id") == "postcheck")
    outputs = tmp_path / "github_output"

    done = shell(check["run"], pull_request, BASE="main", GITHUB_OUTPUT=str(outputs))

    assert done.returncode == 0, done.stderr
    assert "posts/new.md:4:1: deceptive/guaranteed-results [error]" in done.stdout
    assert outputs.read_text() == "status=1\n"
    sarif = json.loads((pull_request / "postcheck.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"posts/new.md"}
    assert (pull_request / "checklist.md").read_text(encoding="utf-8").startswith("## postcheck: 1 of 2 posts needs attention")
    assert "sarif_file" in next(step for step in steps if "upload-sarif" in step.get("uses", ""))["with"]


def test_the_gitlab_job_runs_as_documented(pull_request: Path) -> None:
    job = pipelines()[1]["postcheck"]
    base = git(pull_request, "merge-base", "main", "HEAD").strip()

    done = shell("\n".join(job["script"][1:]), pull_request, CI_MERGE_REQUEST_DIFF_BASE_SHA=base)

    assert done.returncode == 1
    report = ET.parse(pull_request / job["artifacts"]["reports"]["junit"]).getroot()
    assert [case.get("name") for case in report.iter("testcase")] == ["posts/clean.md", "posts/new.md"]
    assert report.get("failures") == "1"
