"""Speed figures for the engine: parse + all checks over many copies of a demo post.

Prints wall times; run with ``make bench`` (or ``.venv/bin/python bench/run.py [COPIES]``).
Not a test: timings vary with the machine; the figures go in the issue notes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
POSTCHECK = Path(sys.executable).with_name("postcheck")


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(POSTCHECK), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    post = DEMO / "posts" / "2026-09-dirty-growth.md"
    with tempfile.TemporaryDirectory(prefix="postcheck-bench-") as folder:
        repo = Path(folder)
        shutil.copy(DEMO / ".postcheck.yaml", repo / ".postcheck.yaml")
        (repo / "posts").mkdir()
        for index in range(copies):
            shutil.copy(post, repo / "posts" / f"post-{index:05d}.md")
        single = repo / "posts" / "post-00000.md"
        calm = repo / "calm.md"
        calm.write_text("---\nlang: en\n---\n# Our new dashboard\n\nA calm note about the reports page.\n", encoding="utf-8")
        quiet = min(timed(["check", "--offline", str(calm)], repo) for _ in range(3))
        one = min(timed(["check", "--offline", str(single)], repo) for _ in range(3))
        many = min(timed(["check", "--offline", "--format", "json", "posts"], repo) for _ in range(2))
        print(f"one post without claim-like text, whole command (pre-commit case): {quiet * 1000:.0f} ms")
        print(f"one post with claim-like text (loads spaCy), whole command: {one * 1000:.0f} ms")
        print(f"{copies} copies of {post.name}: {many:.2f} s ({many / copies * 1000:.2f} ms per post)")
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        files = [p for p in corpus.rglob("*.md") if p.name not in ("SOURCES.md",) and "_LICENSE" not in p.name]
        with tempfile.TemporaryDirectory(prefix="postcheck-corpus-") as folder:
            for index, path in enumerate(files):
                shutil.copy(path, Path(folder) / f"{index:04d}-{path.name}")
            took = timed(["check", "--offline", "--format", "json", folder], Path(folder))
        print(f"real corpus ({len(files)} posts, EN+RO): {took:.2f} s")


if __name__ == "__main__":
    main()
