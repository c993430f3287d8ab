"""Pathological posts and generated posts: how long postcheck takes on each, and whether it
survives (issue 14). Prints one row per case: seconds, findings, and what went wrong.

    .venv/bin/python bench/hostile.py                  # bench sizes, 60 s per case
    .venv/bin/python bench/hostile.py --size ci        # the sizes tests/test_cli_pathological.py uses
    .venv/bin/python bench/hostile.py --generated 10000   # hypothesis posts (tests run 2,000)

Each case runs in a child process (fork) with a time limit and 2 GB of memory, through the
API the CLI uses (``runner.run`` on a file, offline). To measure another checkout, put its
``src`` first: ``PYTHONPATH=/path/to/other/src .venv/bin/python bench/hostile.py``.
Not a test: the figures go in the issue notes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.hostile import CASES, Case  # noqa: E402

MEMORY = 2 << 30


def run_case(case: Case, size: int) -> tuple[float, int, str]:
    """Seconds, findings, and the engine's own complaints (check errors) for one case."""
    from postcheck import config as config_module
    from postcheck.checks import RunOptions
    from postcheck.rulepack import load_registry
    from postcheck.runner import run

    registry = load_registry()
    with tempfile.TemporaryDirectory(prefix="postcheck-hostile-") as folder:
        root = Path(folder)
        post = root / f"post{case.suffix}"
        post.write_bytes(case.post(size))
        config = config_module.from_mapping(dict(case.config), None, root=root)
        start = time.perf_counter()
        result = run([post], config, registry, RunOptions(offline=True))
        took = time.perf_counter() - start
    findings = [f for report in result.reports for f in report.findings]
    crashes = [f.message for f in findings if f.rule == "postcheck/check-error"]
    return took, len(findings), crashes[0][:70] if crashes else ""


def _child(case: Case, size: int, pipe) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    try:
        pipe.send(run_case(case, size))
    except BaseException as error:  # noqa: BLE001 - the point is to report it
        pipe.send((-1.0, 0, f"crash: {type(error).__name__}: {str(error)[:60]}"))


def measure(case: Case, size: int, limit: float) -> tuple[float, int, str]:
    """Run one case in a forked child; a child still running after ``limit`` is killed."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(case, size, send))
    start = time.perf_counter()
    child.start()
    ready = receive.poll(limit)
    if not ready:
        child.kill()
        child.join()
        return time.perf_counter() - start, 0, f"killed after {limit:.0f} s"
    result = receive.recv()
    child.join()
    return result


def generated(count: int, seed: int) -> None:
    """Hypothesis posts through the same API, as the test does with a bigger budget."""
    from support.generated import check_many

    start = time.perf_counter()
    problems = check_many(count, seed)
    took = time.perf_counter() - start
    print(f"{count} generated posts (seed {seed}): {len(problems)} problems, {took:.1f} s ({took / count * 1000:.1f} ms per post)")
    for problem in problems[:20]:
        print("  ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("ci", "bench"), default="bench")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--generated", type=int, default=0, help="also check this many hypothesis posts")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    cases = [case for case in CASES if not args.only or args.only in case.name]
    print(f"{'case':52} {'size':>10} {'bytes':>10} {'seconds':>8} {'findings':>8}  problem")
    failed = 0
    for case in cases:
        size = case.ci if args.size == "ci" else case.bench
        took, count, problem = measure(case, size, args.timeout)
        failed += bool(problem)
        print(f"{case.name:52} {size:>10,} {len(case.post(size)):>10,} {took:>8.2f} {count:>8}  {problem}", flush=True)
    print(f"{len(cases)} pathological inputs, {failed} with a problem")
    if args.generated:
        generated(args.generated, args.seed)


if __name__ == "__main__":
    main()
