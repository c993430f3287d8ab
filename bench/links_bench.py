"""Benchmark of the links check against local servers with latency (127.0.0.1 only).

1,000 unique links over four hosts (plus a refused port): good pages, slow pages, 404s, 500s,
refused connections, first-hit 429 with Retry-After, HEAD answered 405, present and missing
fragments, and decoy URLs in code that must never be requested or reported. Prints the wall
time against the floor (total server latency divided by the concurrency), the requests sent,
true and false positives, and the time of a warm-cache rerun.

    .venv/bin/python bench/links_bench.py [--latency 0.05] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.links_server import LinkServer, closed_port  # noqa: E402

from postcheck import config as config_module  # noqa: E402
from postcheck.checks import RunOptions  # noqa: E402
from postcheck.rulepack import load_registry  # noqa: E402
from postcheck.runner import run  # noqa: E402

#: kind → (how many, path template, expected rule or None)
MIX = {
    "good": (560, "/ok/{i}", None),
    "slow": (40, "/slow/{i}?s=0.25", None),
    "404": (100, "/status/404?n={i}", "links/broken"),
    "500": (30, "/status/500?n={i}", "links/unverifiable"),
    "429": (40, "/rate/{i}?after=1", None),
    "head405": (80, "/head405/{i}", None),
    "fragment-ok": (60, "/page/{i}#intro", None),
    "fragment-missing": (60, "/page/m{i}#gone", "links/missing-anchor"),
}
REFUSED = 30


def build(bases: list[str], refused_port: int) -> tuple[list[tuple[str, str | None, float]], list[str]]:
    """(url, expected rule, extra server seconds) for each link, shuffled as in real posts,
    and the decoy URLs (in code: never requested, never reported)."""
    links = []
    counter = 0
    for kind, (count, template, rule) in MIX.items():
        for i in range(count):
            base = bases[counter % len(bases)]
            counter += 1
            extra = 0.25 if kind == "slow" else 0.0
            links.append((base + template.format(i=i), rule, extra))
    links += [(f"http://127.0.0.1:{refused_port}/r{i}", "links/broken", 0.0) for i in range(REFUSED)]
    random.Random(5).shuffle(links)
    decoys = [bases[0] + f"/status/404?decoy={i}" for i in range(50)]
    return links, decoys


def write_posts(folder: Path, links: list[tuple[str, str | None, float]], decoys: list[str], per_post: int = 10) -> None:
    folder.mkdir(exist_ok=True)
    for number, start in enumerate(range(0, len(links), per_post)):
        chunk = links[start : start + per_post]
        body = [f"# Post {number}\n"]
        for index, (url, _, _) in enumerate(chunk):
            body.append(f"Item {index}: [source]({url}).\n" if index % 2 else f"Item {index}: see {url} today.\n")
        decoy = decoys[number % len(decoys)]
        body.append(f"Code: `{decoy}`\n\n```\ncurl {decoy}\n```\n")
        (folder / f"post-{number:03}.md").write_text("\n".join(body), encoding="utf-8")


def check(folder: Path, settings: dict, offline: bool = False) -> tuple[float, list]:
    config = config_module.from_mapping({"links": settings}, None, root=folder)
    started = time.perf_counter()
    result = run([folder], config, load_registry(), RunOptions(offline=offline), select=["links"])
    elapsed = time.perf_counter() - started
    return elapsed, [f for report in result.reports for f in report.findings]


def serve(conn: Connection, hosts: int, latency: float) -> None:
    """Run the servers in their own process (as remote sites are): the client's timing is
    then not shared with the servers' work. Answers "hits" with the request paths seen."""
    servers = [LinkServer(latency=latency) for _ in range(hosts)]
    for server in servers:
        server.__enter__()
    conn.send([server.base for server in servers])
    while conn.recv() != "stop":
        conn.send([path for server in servers for (_, path), n in server.hits.items() for _ in range(n)])
    for server in servers:
        server.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds each server waits per request")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    conn, child_conn = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(child_conn, 4, args.latency), daemon=True)
    process.start()
    bases = conn.recv()

    def hits() -> list[str]:
        conn.send("hits")
        return conn.recv()

    try:
        links, decoys = build(bases, closed_port())
        settings = {"allow_private": True, "concurrency": args.concurrency, "per_host": max(1, args.concurrency // len(bases))}
        expected = {(url if rule == "links/missing-anchor" else url.split("#")[0]): rule for url, rule, _ in links if rule}
        served = [(url, extra) for url, _, extra in links if any(url.startswith(base) for base in bases)]
        floor = sum(args.latency + extra for _, extra in served) / args.concurrency
        with tempfile.TemporaryDirectory(prefix="postcheck-links-bench-") as tmp:
            folder = Path(tmp) / "posts"
            write_posts(folder, links, decoys)
            offline, _ = check(folder, settings, offline=True)
            cold, findings = check(folder, settings)
            sent = len(hits())
            warm, warm_findings = check(folder, settings)
            warm_sent = len(hits()) - sent
            good_only = Path(tmp) / "good"
            write_posts(good_only, [link for link in links if link[1] is None], decoys)
            cold_good, _ = check(good_only, settings)
            before = len(hits())
            warm_good, _ = check(good_only, settings)
            warm_good_sent = len(hits()) - before
            decoys_requested = sum("decoy" in path for path in hits())
        got = {(f.data["url"] if f.rule == "links/missing-anchor" else f.data["url"].split("#")[0]): f.rule for f in findings}
        true_positive = sum(1 for url, rule in got.items() if expected.get(url) == rule)
        print(f"links: {len(links)} unique links in {len(links) // 10} posts over {len(bases)} hosts + 1 refused port")
        print(f"server latency {args.latency * 1000:.0f} ms, concurrency {args.concurrency}, per host {settings['per_host']}")
        print(f"cold run:  {cold:6.2f} s   floor {floor:5.2f} s   ratio {cold / floor:4.2f}x   requests sent {sent}")
        print(f"           of which parsing and local checks (the same run offline): {offline:.2f} s")
        print(
            f"findings:  {len(findings)}   true positives {true_positive}/{len(expected)}   "
            f"false positives {len(got) - true_positive}   missed {len(expected) - true_positive}   "
            f"decoys requested {decoys_requested}"
        )
        print(f"warm run:  {warm:6.2f} s   requests sent {warm_sent} (errors are never cached: they are re-checked)   findings {len(warm_findings)}")
        good_floor = sum(args.latency + extra for url, rule, extra in links if rule is None) / args.concurrency
        print(f"working links only (no retries): cold {cold_good:5.2f} s against a floor of {good_floor:5.2f} s ({cold_good / good_floor:4.2f}x); warm {warm_good:5.2f} s, requests sent {warm_good_sent}")
    finally:
        conn.send("stop")
        process.join(10)


if __name__ == "__main__":
    main()
