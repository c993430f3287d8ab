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
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.hostile import CASES, measure  # noqa: E402

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
