"""Discovery on hostile trees: loops, FIFOs, symlinks out of the tree and file names that are
not UTF-8 never hang, crash or leak; each is skipped with a one-line warning and the other
posts are still checked (issue 14). Run as real processes, with a time limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

POSTCHECK = [sys.executable, "-m", "postcheck"]
BAD = "Guaranteed results for everyone.\n"


def postcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*POSTCHECK, *args], cwd=cwd, capture_output=True, timeout=60)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "posts").mkdir(parents=True)
    (repo / ".postcheck.yaml").write_text("language: en\n")
    (repo / "posts" / "good.md").write_text(BAD)
    return repo


def json_files(result: subprocess.CompletedProcess[bytes]) -> dict[str, int]:
    data = json.loads(result.stdout.decode("utf-8"))
    return {item["path"]: len(item["findings"]) for item in data["files"]}


def test_a_symlink_loop_is_skipped_with_a_warning(tree):
    (tree / "posts" / "a.md").symlink_to("b.md")
    (tree / "posts" / "b.md").symlink_to("a.md")
    result = postcheck(tree, "check", "--offline", "--format", "json", "posts")
    assert result.returncode == 1, result.stderr
    assert json_files(result) == {"good.md": 1}
    assert b"a.md: skipped: a symlink loop" in result.stderr and b"Traceback" not in result.stderr


def test_a_fifo_named_like_a_post_does_not_hang_the_run(tree):
    os.mkfifo(tree / "posts" / "pipe.md")
    result = postcheck(tree, "check", "--offline", "--format", "json", "posts")
    assert json_files(result) == {"good.md": 1}
    assert b"pipe.md: skipped: not a regular file (a FIFO)" in result.stderr


def test_a_fifo_named_on_the_command_line_does_not_hang_either(tree):
    os.mkfifo(tree / "posts" / "pipe.md")
    result = postcheck(tree, "check", "--offline", "posts/pipe.md", "posts/good.md")
    assert result.returncode == 1 and b"good.md" in result.stdout


def test_a_symlink_out_of_the_tree_is_not_read(tree, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("TOKEN=hunter2 Guaranteed results.\n")
    (tree / "posts" / "leak.md").symlink_to(secret)
    result = postcheck(tree, "check", "--offline", "posts")
    assert b"hunter2" not in result.stdout + result.stderr
    assert b"leak.md: skipped: a symlink to a file outside the checked tree" in result.stderr
    named = postcheck(tree, "check", "--offline", "posts/leak.md")
    assert b"hunter2" not in named.stdout + named.stderr and named.returncode == 0


def test_follow_symlinks_true_reads_it(tree, tmp_path):
    (tmp_path / "shared.md").write_text(BAD)
    (tree / "posts" / "shared.md").symlink_to(tmp_path / "shared.md")
    (tree / ".postcheck.yaml").write_text("language: en\nfollow_symlinks: true\n")
    result = postcheck(tree, "check", "--offline", "--format", "json", "posts")
    assert json_files(result) == {"good.md": 1, "shared.md": 1}


def test_a_symlink_inside_the_tree_is_followed(tree):
    (tree / "drafts").mkdir()
    (tree / "drafts" / "draft.md").write_text(BAD)
    (tree / "posts" / "alias.md").symlink_to(tree / "drafts" / "draft.md")
    result = postcheck(tree, "check", "--offline", "--format", "json", "posts")
    assert json_files(result) == {"alias.md": 1, "good.md": 1}


@pytest.mark.parametrize("fmt", ["json", "text", "github", "sarif", "junit", "checklist"])
def test_file_names_that_are_not_utf8_are_shown_escaped(tree, fmt):
    posts = os.fsencode(tree / "posts")
    with open(posts + b"/caf\xe9 \x07.md", "wb") as handle:
        handle.write(BAD.encode())
    with open(posts + b"/two\nlines.md", "wb") as handle:
        handle.write(BAD.encode())
    result = postcheck(tree, "check", "--offline", "--format", fmt, "posts")
    out = result.stdout.decode("utf-8")  # never raw bytes
    shown = {"json": "caf\\\\xe9 \\\\x07.md", "sarif": "caf%E9%20%07.md"}.get(fmt, "caf\\xe9 \\x07.md")
    assert shown in out, out[:500]
    assert "\x07" not in out and "two\nlines" not in out
    assert b"Traceback" not in result.stderr
    if fmt == "json":
        assert set(json_files(result)) == {"caf\\xe9 \\x07.md", "good.md", "two\\nlines.md"}
