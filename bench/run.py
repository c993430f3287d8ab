"""Speed figures for postcheck, next to markdownlint-cli2 on the same files in the same run.

Prints the four figures of issue 19, each as the median of ``--repeat`` runs (the two tools
alternate, so a busy machine slows both alike), with wall time, CPU time (user + sys of the
whole process tree, less sensitive to load) and peak memory (PSS of the process tree, and the
largest RSS of one process):

1. **cold**: 1,000 real posts (the shared corpus, EN and RO, cycled), every offline family,
   no results cache;
2. **warm**: the same posts again, nothing changed (the whole-run record answers), and with
   one post changed (the results cache answers for the others);
3. **one post** with claim-like text, cold: the whole command, as a pre-commit hook runs it;
4. **scale**: cold runs over 1,000 … 10,000 posts (time per post and peak memory).

markdownlint-cli2 is not a dependency: install it for the bench only, e.g.
``npm install --prefix bench/.markdownlint markdownlint-cli2``; its column is printed when
it is found there, at ``$MARKDOWNLINT_CLI2`` or on PATH.

    .venv/bin/python bench/run.py [--posts 1000] [--scale 1000,2000,5000,10000] [--repeat 3]
                                  [--src OLD/src]   # measure another checkout's postcheck

Not a test: timings vary with the machine; the figures go in the issue notes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import Sample, load, measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared") if Path("/work/shared").is_dir() else ROOT.parent / "shared"
CLAIMS_POST = ROOT / "fixtures" / "demo" / "posts" / "2026-09-dirty-growth.md"
CACHE = ".postcheck_cache"


@dataclass
class Tools:
    postcheck: list[str]
    env: dict[str, str]
    markdownlint: list[str] | None

    def check(self, *args: str) -> list[str]:
        return [*self.postcheck, "check", "--offline", *args]


def corpus_files() -> list[Path]:
    folders = [SHARED / "corpus" / "real", SHARED / "corpus" / "real-ro"]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in (".md", ".mdx") and path.name != "SOURCES.md" and not path.name.startswith("_")
    )


def fill(folder: Path, count: int, files: list[Path]) -> Path:
    """``count`` posts cycled from ``files``, flat in ``folder/posts``."""
    posts = folder / "posts"
    posts.mkdir(parents=True)
    for index in range(count):
        source = files[index % len(files)]
        shutil.copyfile(source, posts / f"{index:05d}-{source.name}")
    return posts


def markdownlint_command() -> list[str] | None:
    for candidate in (os.environ.get("MARKDOWNLINT_CLI2"), ROOT / "bench" / ".markdownlint" / "node_modules" / ".bin" / "markdownlint-cli2"):
        if candidate and Path(candidate).is_file():
            return [str(candidate)]
    found = shutil.which("markdownlint-cli2")
    return [found] if found else None


def mdl(tools: Tools, target: str) -> list[str]:
    assert tools.markdownlint
    return [*tools.markdownlint, target] if target.endswith((".md", ".mdx")) else [*tools.markdownlint, f"{target}/**/*.md", f"{target}/**/*.mdx"]


def cold(tools: Tools, cwd: Path, *args: str) -> Sample:
    """A run with no cache: neither the project's nor the whole-run records in the user's
    cache (the bench's own, ``XDG_CACHE_HOME``; the validated built-in rules stay, as they
    do for a user)."""
    shutil.rmtree(cwd / CACHE, ignore_errors=True)
    shutil.rmtree(Path(tools.env["XDG_CACHE_HOME"]) / "postcheck" / "runs", ignore_errors=True)
    return measure(tools.check(*args), cwd, tools.env)


def one_changed(tools: Tools, cwd: Path, posts: list[Path]) -> Sample:
    """A warm run after one more post changed (a line added at its end)."""
    changed = posts.pop()
    with changed.open("a", encoding="utf-8") as out:
        out.write("\nOne more line.\n")
    return measure(tools.check("posts"), cwd, tools.env)


def median(samples: list[Sample]) -> Sample:
    return Sample(
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        peak_mb=max(s.peak_mb for s in samples),
        status=samples[-1].status,
        rss_mb=max(s.rss_mb for s in samples),
    )


def row(label: str, ours: Sample, theirs: Sample | None, per: int = 0) -> str:
    text = f"{label:<34} postcheck {ours}"
    if per:
        text += f"  {ours.wall / per * 1000:6.2f} ms/post"
    if theirs is not None:
        text += f"  | markdownlint-cli2 {theirs}  | ratio wall {ours.wall / theirs.wall:.2f}x cpu {ours.cpu / theirs.cpu:.2f}x"
    return text


def alternate(repeat: int, ours, theirs) -> tuple[Sample, Sample | None]:
    """Run both ``repeat`` times, alternating; the medians."""
    mine, other = [], []
    for _ in range(repeat):
        mine.append(ours())
        if theirs is not None:
            other.append(theirs())
    return median(mine), (median(other) if other else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--scale", default="1000,2000,5000,10000", help="post counts for the scale figure ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", type=Path, help="run postcheck from this source folder (e.g. an older checkout's src/)")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(args.src.resolve())} if args.src else {}
    tools = Tools([sys.executable, "-m", "postcheck"], env, markdownlint_command())
    theirs = tools.markdownlint is not None
    files = corpus_files()
    print(f"load before: {load()}; postcheck from {args.src or 'this checkout'}; markdownlint-cli2: {tools.markdownlint or 'not found'}")
    print(f"medians of {args.repeat} (scale: 1 run); wall s / cpu s (user+sys, process tree) / peak MB (PSS, process tree; largest RSS)")
    with tempfile.TemporaryDirectory(prefix="postcheck-bench-") as folder:
        work = Path(folder)
        tools.env["XDG_CACHE_HOME"] = str(work / "user-cache")
        posts = fill(work / "main", args.posts, files)
        cwd = posts.parent
        ours, other = alternate(args.repeat, lambda: cold(tools, cwd, "posts"), (lambda: measure(mdl(tools, "posts"), cwd)) if theirs else None)
        print(row(f"cold, {args.posts} real posts", ours, other, args.posts))
        cold(tools, cwd, "posts")  # fills the cache
        warm, _ = alternate(args.repeat, lambda: measure(tools.check("posts"), cwd, tools.env), None)
        print(row(f"warm, {args.posts} posts unchanged", warm, None))
        edits = sorted(posts.iterdir())
        changed, _ = alternate(args.repeat, lambda: one_changed(tools, cwd, edits), None)
        print(row(f"warm, 1 of {args.posts} posts changed", changed, None))
        single = cwd / "claims.md"
        shutil.copyfile(CLAIMS_POST, single)
        ours, other = alternate(args.repeat, lambda: cold(tools, cwd, "claims.md"), (lambda: measure(mdl(tools, "claims.md"), cwd)) if theirs else None)
        print(row("one post with claim-like text, cold", ours, other))
        for count in [int(n) for n in args.scale.split(",") if n.strip()]:
            shutil.rmtree(work / "scale", ignore_errors=True)
            fill(work / "scale", count, files)
            ours = cold(tools, work / "scale", "posts")
            print(row(f"scale, {count} posts, cold", ours, None, count))
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
