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
