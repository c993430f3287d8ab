"""The console script ends its process as soon as its output is out (``os._exit`` after
flushing, without the interpreter's teardown): all of the output arrives, through a pipe
too, and the exit code is the command's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("postcheck")
POSTS = 40
LINKS = 30

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")


def test_the_whole_report_arrives_and_the_exit_code_is_the_commands(tmp_path):
    for number in range(POSTS):
        links = "\n\n".join(f"See [part {i}](missing-{number}-{i}.md)." for i in range(LINKS))
        (tmp_path / f"post-{number:02}.md").write_text(f"# Post {number}\n\n{links}\n", encoding="utf-8")
    done = subprocess.run(
        [SCRIPT, "check", "--offline", "--no-cache", "--select", "links", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert len(done.stdout) > 256 * 1024  # more than a pipe holds: written while the reader reads
    assert done.stdout.endswith("}\n")  # to the last byte
    files = json.loads(done.stdout)["files"]
    assert len(files) == POSTS and sum(len(f["findings"]) for f in files) == POSTS * LINKS
    assert done.returncode == 1


def test_usage_errors_and_other_commands_keep_their_exit_codes(tmp_path):
    missing = subprocess.run([SCRIPT, "check", str(tmp_path / "nowhere")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    version = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("postcheck, version")


@pytest.mark.parametrize("bad_posts", [0, 1])
def test_a_reader_that_hangs_up_does_not_change_the_verdict(tmp_path, monkeypatch, bad_posts):
    """`postcheck check | head -1`: the reader hangs up before the report is out. The exit code
    stays the verdict's (0 for clean posts, 1 when a post needs changes), in a first run and in
    one replayed from its record, and nothing is printed about the closed pipe (click alone
    would exit 1, which here means "posts need changes")."""
    monkeypatch.chdir(tmp_path)
    for number in range(POSTS):
        (tmp_path / f"post-{number:02}.md").write_text(f"---\nlang: en\n---\n# Post {number}\n\nA calm week in the team.\n", encoding="utf-8")
    for number in range(bad_posts):
        (tmp_path / f"post-{number:02}.md").write_text("# Sale\n\nOur cream cures cancer in 3 days.\n", encoding="utf-8")
    for run in ("first", "replayed"):
        process = subprocess.Popen([SCRIPT, "check", "--offline", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
        process.stdout.close()  # hung up before the first byte: every write meets a closed pipe
        error = process.stderr.read().decode()
        assert process.wait(timeout=120) == bad_posts, (run, error)
        assert "Broken pipe" not in error and "Traceback" not in error, (run, error)
