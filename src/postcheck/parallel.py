"""Checking many posts at once: the results cache first, then worker processes for the rest.

A post's per-post checks depend on that post alone, so they can run anywhere, in any order:
the results come back in the order of the posts, and the run that follows (links,
suppressions, verdicts) is the same as a serial one's. Below :data:`SERIAL_BELOW` posts to
check, everything stays in this process (a pre-commit run over one post pays nothing for
workers). Above it, the first :data:`WARM_UP` posts are checked here before the workers are
forked, so what they loaded (spaCy, compiled patterns) is shared rather than loaded again by
each worker; where ``fork`` is not available workers are spawned and load their own.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from postcheck.cache import ResultsCache
from postcheck.checks import CheckContext
from postcheck.discover import Target
from postcheck.postresult import PostResult

#: Fewer posts to check than this: no workers (starting them costs more than they save).
SERIAL_BELOW = 24
#: Posts checked in this process before forking, so the workers inherit what they loaded.
WARM_UP = 4
#: Tasks per worker: small enough to balance posts of different lengths, large enough that
#: sending them costs little.
CHUNKS_PER_WORKER = 8

Item = TypeVar("Item")
Result = TypeVar("Result")
CheckOne = Callable[[Target, CheckContext], PostResult]


@dataclass
class Speed:
    """How a run may go faster without changing its output."""

    #: Worker processes for the per-post checks (1: none).
    jobs: int = 1
    #: The cache folder (the links cache's); None: no results cache.
    cache_folder: Path | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_targets(
    targets: list[Target], ctx: CheckContext, speed: Speed, check_one: CheckOne, on_result: Callable[[PostResult], None] | None = None
) -> list[PostResult]:
    """Every target's :class:`PostResult`, in order: from the cache when it has one, else by
    ``check_one`` (in workers when there are many), then kept in the cache. ``on_result`` sees
    each result in this process as soon as it is known (cached ones first), never before the
    workers are started (a thread it starts is never forked)."""
    cache = ResultsCache.for_run(speed.cache_folder, ctx) if speed.cache_folder else None
    results: list[PostResult | None] = [cache.lookup(target) if cache else None for target in targets]
    missing = [index for index, result in enumerate(results) if result is None]
    hand_over = on_result or (lambda result: None)
    early = [result for result in results if result is not None]

    def arrived(result: PostResult) -> None:
        while early:
            hand_over(early.pop(0))
        hand_over(result)

    checked = process_map(_check_and_store, [targets[i] for i in missing], (check_one, ctx, cache), speed.jobs, arrived)
    for result in early:
        hand_over(result)
    for index, result in zip(missing, checked):
        results[index] = result
    return [result for result in results if result is not None]


def _check_and_store(target: Target, state: tuple[CheckOne, CheckContext, ResultsCache | None]) -> PostResult:
    check_one, ctx, cache = state
    result = check_one(target, ctx)
    if cache is not None:
        cache.store(target, result)
    return result


def process_map(
    function: Callable[[Item, Any], Result], items: Sequence[Item], state: Any, jobs: int, on_result: Callable[[Result], None] | None = None
) -> list[Result]:
    """``[function(item, state) for item in items]``, in worker processes when worthwhile.
    ``state`` reaches each worker once (inherited when forked), not with every item.
    ``on_result(result)`` is called here, in order, as results arrive (with workers, only
    once they are all started)."""
    results: list[Result] = []
    arrived = on_result or (lambda result: None)
    if jobs <= 1 or len(items) < SERIAL_BELOW:
        for item in items:
            results.append(function(item, state))
            arrived(results[-1])
        return results
    fork = "fork" in multiprocessing.get_all_start_methods()
    warm = WARM_UP if fork else 0  # a spawned worker loads everything itself anyway
    results = [function(item, state) for item in items[:warm]]
    rest = items[warm:]
    workers = min(jobs, len(rest))
    chunk = max(1, len(rest) // (workers * CHUNKS_PER_WORKER))
    context = multiprocessing.get_context("fork" if fork else "spawn")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt, initargs=(function, state)) as pool:
            mapped = pool.map(_call, rest, chunksize=chunk)  # every worker is started here
            for result in results:
                arrived(result)
            for result in mapped:
                results.append(result)
                arrived(result)
    except BrokenProcessPool:
        # A worker died (killed, out of memory): check what is left here, as a serial run would.
        for item in items[len(results) :]:
            results.append(function(item, state))
            arrived(results[-1])
    return results


_WORKER: dict[str, Any] = {}


def _adopt(function: Callable[[Any, Any], Any], state: Any) -> None:
    """Runs once in each worker: the function and state every item of this run shares."""
    _WORKER["function"], _WORKER["state"] = function, state


def _call(item: Any) -> Any:
    return _WORKER["function"](item, _WORKER["state"])
