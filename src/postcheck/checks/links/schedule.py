"""The scheduler of one links run: which request leaves when.

At most ``concurrency`` requests are in flight over all hosts and ``per_host`` per host
(host:port). Each *attempt* is one task: a transient failure (timeout, connection error, 5xx,
429) puts only that URL back, at the front of its host's queue, after a delay
(``Retry-After``, capped, or an exponential backoff), so a rate-limited URL never holds a slot
and the host's other URLs keep flowing. The whole run has a deadline: URLs not done by then
come back as :attr:`Failure.DEADLINE`.

URLs may be added while it runs (the check hands over each post's links as soon as that post
is parsed) until :meth:`Schedule.close`; a job is a URL *and* whether its anchors are needed,
so a later post that needs a page's anchors gets them even when the page was asked for
without.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections import Counter, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from postcheck.checks.links import guard
from postcheck.checks.links.outcome import Failure, Outcome

if TYPE_CHECKING:
    from postcheck.checks.links.remote import Fetcher
    from postcheck.checks.links.transport import Pool

#: A request: the URL and whether its page's anchors are needed.
Key = tuple[str, bool]


@dataclass
class Job:
    """One request to make (a URL, and whether its anchors are needed) and its attempts."""

    url: str
    want_anchors: bool
    host: str
    attempts: int = 0


def host_key(url: str) -> str:
    """host:port, the unit of the per-host limit."""
    try:
        parsed = guard.endpoint(url)
    except guard.Malformed:
        return url
    return f"{parsed.raw_host}:{parsed.port}"


class Schedule:
    """One run of the scheduler: per-host queues, delayed retries, the run's deadline."""

    def __init__(self, fetcher: Fetcher, pool: Pool) -> None:
        self.fetcher = fetcher
        self.pool = pool
        self.wanted: set[Key] = set()
        self.queues: dict[str, deque[Job]] = {}
        self.results: dict[Key, Outcome] = {}
        self.delayed: list[tuple[float, int, Job]] = []
        self.order = itertools.count()
        self.active: Counter[str] = Counter()
        self.running: set[asyncio.Task[Any]] = set()
        self.wake = asyncio.Event()
        self.closed = False
        self.expired = False
        self.loop = asyncio.get_running_loop()

    def add(self, keys: Iterable[Key]) -> None:
        """Queue requests (a key already asked for is not asked again); after the deadline
        they are answered at once as not checked."""
        for url, want_anchors in keys:
            if (url, want_anchors) in self.wanted:
                continue
            self.wanted.add((url, want_anchors))
            if self.expired:
                self.results[(url, want_anchors)] = self._too_late(url)
                continue
            job = Job(url, want_anchors, host_key(url))
            self.queues.setdefault(job.host, deque()).append(job)
        self.wake.set()

    def close(self) -> None:
        """No more requests will be added: :meth:`run` returns once the queued ones are done."""
        self.closed = True
        self.wake.set()

    async def run(self) -> dict[Key, Outcome]:
        settings = self.fetcher.settings
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.deadline
        while not (self.closed and len(self.results) >= len(self.wanted)):
            now = loop.time()
            if now >= deadline and not self.expired:
                await self._stop()
                continue
            while self.delayed and self.delayed[0][0] <= now:
                job = heapq.heappop(self.delayed)[2]
                self.queues[job.host].appendleft(job)
            self._start_ready()
            wait = min(self.delayed[0][0] - now if self.delayed else deadline - now, deadline - now)
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(None if self.expired else max(0.0, wait)):
                    await self.wake.wait()
        return self.results

    def _start_ready(self) -> None:
        settings = self.fetcher.settings
        for host, queue in self.queues.items():
            while queue and self.active[host] < settings.per_host and len(self.running) < settings.concurrency:
                job = queue.popleft()
                job.attempts += 1
                self.active[host] += 1
                task = asyncio.create_task(self._attempt(job))
                self.running.add(task)

    async def _attempt(self, job: Job) -> None:
        try:
            outcome = await self.fetcher.attempt(self.pool, job.url, job.want_anchors)
        except Exception as error:  # noqa: BLE001 - one URL's surprise must not stop the run
            outcome = Outcome(job.url, failure=Failure.CONNECTION, detail=f"{type(error).__name__}: {error}")
        finally:
            self.active[job.host] -= 1
            self.running.discard(asyncio.current_task())  # type: ignore[arg-type]
            self.wake.set()
        if outcome.transient and job.attempts <= self.fetcher.settings.retries:
            ready = asyncio.get_running_loop().time() + self.fetcher.delay(job, outcome)
            heapq.heappush(self.delayed, (ready, next(self.order), job))
            return
        outcome.attempts = job.attempts
        self.results[(job.url, job.want_anchors)] = outcome
        self.fetcher.finished()

    async def _stop(self) -> None:
        """The run's deadline: cancel what is in flight; every URL not done is unverifiable."""
        self.expired = True
        for task in list(self.running):
            task.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)
        self.queues.clear()
        self.delayed.clear()
        for url, want_anchors in self.wanted:
            self.results.setdefault((url, want_anchors), self._too_late(url))

    def _too_late(self, url: str) -> Outcome:
        detail = f"not checked: the links run reached its deadline (links.deadline: {self.fetcher.settings.deadline:g} s)"
        return Outcome(url, failure=Failure.DEADLINE, detail=detail)

    async def abort(self) -> None:
        """Stop now (the check gave up on these requests): nothing more is sent."""
        self.closed = True
        await self._stop()
        self.wake.set()
