"""The links run's requests in a thread of their own, so they start while posts are parsed.

Parsing 100 posts and importing the HTTP client take about as long as 20 rounds of requests;
done one after the other, a cold run pays both. Here the first post's URLs leave as soon as
that post is parsed: :class:`Requests` runs the :class:`~.remote.Fetcher`'s event loop in a
daemon thread, takes URLs from the caller's thread whenever it has some, and hands the
outcomes back once the caller says there are no more. Everything the guard does (one parser,
resolve once and pin, the deadlines) is the Fetcher's, unchanged: only *when* a request is
queued changes.

The caller's thread never waits without a bound: if the loop dies, :meth:`Requests.results`
raises what killed it (the check then reports it on each post, as any crash); if it outlives
the run's deadline by more than one request's timeout, that is an error too, never a hang.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from postcheck.checks.links.outcome import Outcome
from postcheck.checks.links.settings import LinksSettings

if TYPE_CHECKING:  # asyncio, the HTTP client and the scheduler are imported only to send requests
    import asyncio

    from postcheck.checks.links.schedule import Key, Schedule

#: Seconds the caller waits beyond the run's deadline and one request's timeout before it
#: gives up on a loop that should have stopped by itself.
GRACE = 5.0
_DONE = object()


class RequestsFailed(RuntimeError):
    """The thread that sends the requests stopped without their outcomes."""


class Requests:
    """URLs requested in a background thread; add with :meth:`add`, collect with :meth:`results`."""

    def __init__(self, settings: LinksSettings, environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.environ = environ
        self._lock = threading.Lock()
        self._waiting: list[Key] = []
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._schedule: Schedule | None = None
        self._thread: threading.Thread | None = None
        self._started_at = 0.0
        #: The end (_DONE or an exception), and while a progress display watches, one item per
        #: finished URL (otherwise the waiting thread is not woken for each).
        self._events: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._finished = 0
        self._watched = False
        self._outcomes: dict[Key, Outcome] = {}
        self.asked = 0

    def add(self, keys: Iterable[Key]) -> None:
        """Queue requests (URL, whether its anchors are needed); the first call starts the
        thread. Never after :meth:`results`."""
        keys = list(keys)
        if not keys:
            return
        with self._lock:
            self.asked += len(keys)
            if self._schedule is None:
                self._waiting.extend(keys)
                if self._thread is None:
                    self._start()
                return
            loop, schedule = self._loop, self._schedule
        _in_loop(loop, schedule.add, keys)

    def results(self, advance: Callable[[], None] | None = None) -> dict[Key, Outcome]:
        """Say no more requests come, wait for the outcomes (``advance`` is called once per
        finished URL, in this thread), and return them."""
        with self._lock:
            self._closed = True
            loop, schedule = self._loop, self._schedule
        if schedule is not None:
            _in_loop(loop, schedule.close)
        if self._thread is None:
            return {}
        if advance is not None:
            with self._lock:
                self._watched = True
                finished = self._finished
            for _ in range(finished):
                advance()
        limit = self._started_at + self.settings.deadline + self.settings.timeout + GRACE
        while True:
            try:
                event = self._events.get(timeout=max(0.0, limit - time.monotonic()))
            except queue.Empty:
                self.abandon()
                raise RequestsFailed(f"the links requests did not stop by their deadline (links.deadline: {self.settings.deadline:g} s)") from None
            if event is _DONE:
                return self._outcomes
            if isinstance(event, BaseException):
                raise RequestsFailed(f"the links requests stopped: {type(event).__name__}: {event}") from event
            if advance is not None:
                advance()

    def abandon(self) -> None:
        """Stop sending (the run no longer wants these outcomes)."""
        with self._lock:
            self._closed = True
            self._waiting = []  # a loop not yet running starts with nothing to do
            loop, schedule = self._loop, self._schedule
        if schedule is not None:
            _in_loop(loop, _abort, schedule)

    # -- the thread ------------------------------------------------------------------------------

    def _start(self) -> None:
        self._started_at = time.monotonic()
        self._thread = threading.Thread(target=self._serve, name="postcheck-links", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            import asyncio

            from postcheck.checks.links.remote import Fetcher  # the HTTP client only when requesting

            fetcher = Fetcher(self.settings, self.environ, on_done=self._tick)
            self._outcomes = asyncio.run(fetcher.serve(self._adopt))
            self._events.put(_DONE)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread, which reports it
            self._events.put(error)

    def _tick(self) -> None:
        with self._lock:
            self._finished += 1
            if self._watched:
                self._events.put(None)

    def _adopt(self, schedule: Schedule) -> None:
        """In the loop: take the requests queued before it ran, and take over from here."""
        with self._lock:
            schedule.add(self._waiting)
            self._waiting = []
            if self._closed:
                schedule.close()
            self._loop, self._schedule = schedule.loop, schedule


def _abort(schedule: Schedule) -> None:
    import asyncio

    asyncio.ensure_future(schedule.abort())


def _in_loop(loop: asyncio.AbstractEventLoop | None, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)`` in the requests' loop, unless it has ended (then
    :meth:`Requests.results` has the outcomes, or the error that ended it)."""
    if loop is None:
        return
    try:
        loop.call_soon_threadsafe(function, *args)
    except RuntimeError:  # the loop is closed
        pass
