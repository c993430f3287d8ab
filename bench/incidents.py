"""Figures for the incident commands: read + summarise a large ledger, append to it, and scan
a git history. Prints the figures; nothing here asserts a time.

    .venv/bin/python bench/incidents.py [ENTRIES] [COMMITS]
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from postcheck.config import Config
from postcheck.incidents import ledger
from postcheck.incidents.gitscan import scan
from postcheck.incidents.quarters import quarters_between
from postcheck.incidents.summary import RENDERERS, summarize

FAMILIES = ("claims", "utm", "links", "proof", "deceptive")
ACTIONS = ("edited", "deleted", "flagged")


def timed(label: str, action, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = action()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {elapsed * 1000:9.1f} ms")
    return result


def make_ledger(path: Path, entries: int) -> None:
    first = date(2020, 1, 1)
    incidents = [
        ledger.Incident(first + timedelta(days=i % 2500), f"posts/p{i % 900}.md", ACTIONS[i % 3], FAMILIES[i % 5], note=f"note {i}", channel=("x", "linkedin", "")[i % 3], owner=f"owner{i % 7}")
        for i in range(entries)
    ]
    path.write_text("# bench ledger\n" + "".join(ledger.render(i) for i in incidents))


def make_repo(root: Path, commits: int) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "posts").mkdir()
    # fast-import writes the whole history in one process: each commit edits one of 50 posts.
    stream = io.StringIO()
    for n in range(commits):
        day = date(2024, 1, 1) + timedelta(days=n // 3)
        stamp = int(time.mktime(day.timetuple())) + 43200
        body = f"---\ntitle: P\nstatus: published\ndate: 2024-01-01\nchannel: x\nowner: o\n---\nVersion {n}.\n"
        message = f"edit {n}\n" + (f"\nPostcheck-Incident: {FAMILIES[n % 5]} edited\n" if n % 10 == 0 else "")
        stream.write(f"commit refs/heads/main\ncommitter b <b@example.com> {stamp} +0000\ndata {len(message.encode())}\n{message}")
        stream.write(f"M 644 inline posts/p{n % 50}.md\ndata {len(body.encode())}\n{body}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream.getvalue().encode(), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, env=env)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incidents.yaml"
        make_ledger(path, entries)
        print(f"ledger: {entries} entries, {path.stat().st_size // 1024} KiB")
        loaded = timed("load + validate ledger", lambda: ledger.load(path))
        quarters = quarters_between(date(2020, 1, 1), date(2026, 12, 31))
        summary = timed(f"summarise {len(quarters)} quarters", lambda: summarize(loaded, quarters, 1))
        for name, render in RENDERERS.items():
            timed(f"render {name}", lambda: render(summary, io.StringIO()))
        extra = ledger.Incident(date(2026, 8, 14), "posts/new.md", "edited", "claims")
        timed("append one entry (validate whole file, atomic)", lambda: ledger.append(path, [extra]))

        repo = Path(folder) / "repo"
        repo.mkdir()
        make_repo(repo, commits)
        config = Config(root=repo)
        result = timed(f"scan {commits} commits", lambda: scan(config, [], []))
        print(f"  found {len(result.new)} trailer incidents, {len(result.to_review)} to review")


if __name__ == "__main__":
    main()
