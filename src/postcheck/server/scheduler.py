"""When checks run: debounced per document, one at a time, off the event loop.

A change schedules a check after a quiet delay; a newer change replaces a check that has not
started (the debounce). Checks run in one worker thread, so the server keeps reading messages
(hover, code actions, more changes) while a long post is checked, and two checks never run at
once. Network checks (links on save) have their own thread: a slow site never delays the
diagnostics of typing, and a network check runs apart from the debounce: typing right after a
save does not cancel it (a newer save does).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


class Scheduler:
    def __init__(self) -> None:
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._background: dict[str, asyncio.Task[None]] = {}
        self._checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postcheck-check")
        self._network = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postcheck-links")

    def schedule(self, uri: str, delay: float, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` after ``delay`` seconds unless another is scheduled for ``uri`` first."""
        self.cancel(uri)
        self._pending[uri] = asyncio.ensure_future(self._later(uri, delay, job))

    def in_background(self, uri: str, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` now, replacing the background job of ``uri`` but no check."""
        _stop(self._background.pop(uri, None))
        self._background[uri] = asyncio.ensure_future(job())

    def cancel(self, uri: str, *, background: bool = False) -> None:
        """Drop the pending check of ``uri`` (and its background job: the document closed)."""
        _stop(self._pending.pop(uri, None))
        if background:
            _stop(self._background.pop(uri, None))

    async def settled(self, uri: str) -> None:
        """Wait until no check is pending for ``uri`` (a newer one may replace the awaited)."""
        while (task := self._pending.get(uri)) is not None and not task.done():
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if not task.cancelled():
                    raise  # the waiter itself was cancelled

    async def check(self, work: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._checks, work, *args)

    async def network(self, work: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._network, work, *args)

    def close(self) -> None:
        for uri in {*self._pending, *self._background}:
            self.cancel(uri, background=True)
        self._checks.shutdown(wait=False, cancel_futures=True)
        self._network.shutdown(wait=False, cancel_futures=True)

    async def _later(self, uri: str, delay: float, job: Callable[[], Awaitable[None]]) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        await job()


def _stop(task: asyncio.Task[None] | None) -> None:
    if task is not None and not task.done():
        task.cancel()
