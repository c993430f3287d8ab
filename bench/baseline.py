"""Adopting postcheck on the real corpus: how many posts fail on the first run, what the
baseline costs, and what is left once the existing findings are accepted.

Copies ``../shared/corpus`` (English and Romanian real posts) into a temporary content repo,
then times ``check``, ``baseline`` and ``check`` again (offline), and edits a tenth of the
posts (a paragraph added at the top) to show the baseline survives edits above its findings.
Prints figures; not a test. Run: ``.venv/bin/python bench/baseline.py``.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import SHARED  # noqa: E402  (the shared folder beside the clone, or $POSTCHECK_SHARED)

POSTCHECK = Path(sys.executable).with_name("postcheck")


def run(args: list[str], cwd: Path) -> tuple[str, subprocess.CompletedProcess[str]]:
    """The command's output, and its wall and CPU time (CPU time is what a busy machine
    does not inflate)."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([str(POSTCHECK), *args], cwd=cwd, capture_output=True, text=True, check=False)
    return f"{time.perf_counter() - start:.1f} s wall, {_children_cpu() - cpu:.1f} s CPU", done


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summary(done: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(done.stdout)["summary"]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="postcheck-adopt-") as folder:
        repo = Path(folder)
        for part in ("real", "real-ro"):
            shutil.copytree(SHARED / "corpus" / part, repo / part)
        (repo / ".postcheck.yaml").write_text('exclude: ["**/SOURCES.md"]\n', encoding="utf-8")
        first_time, first = run(["check", "--offline", "--format", "json"], repo)
        before = summary(first)
        base_time, written = run(["baseline", "--offline"], repo)
        entries = len(json.loads((repo / ".postcheck-baseline.json").read_text())["entries"])
        after_time, after = run(["check", "--offline", "--format", "json"], repo)
        accepted = summary(after)
        posts = sorted(repo.glob("real*/**/*.md"))
        edited = posts[:: 10]
        for path in edited:
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                end = text.index("\n---", 3) + 4
                text = text[:end] + "\n\nA new opening paragraph, added after the baseline.\n" + text[end:]
            else:
                text = "A new opening paragraph, added after the baseline.\n\n" + text
            path.write_text(text, encoding="utf-8")
        _, edits = run(["check", "--offline", "--format", "json"], repo)
        moved = summary(edits)
        print(f"posts: {before['files']}")
        print(f"first run: {before['fail']} fail, {before['warn']} warn, {before['pass']} pass; {before['findings']} findings ({first_time})")
        print(f"postcheck baseline: {entries} entries ({base_time}): {written.stdout.strip()} {written.stderr.strip()}")
        print(f"with the baseline: {accepted['fail']} fail, {accepted['warn']} warn; {accepted['findings']} findings, {accepted['baselined']} baselined ({after_time})")
        print(f"after a paragraph is added at the top of {len(edited)} posts: {moved['findings']} findings, {moved['baselined']} baselined")


if __name__ == "__main__":
    main()
