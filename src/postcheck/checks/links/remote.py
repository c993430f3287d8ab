"""Request every remote URL once, concurrently, politely, and without false alarms.

One pooled :class:`requests.Session`; a scheduler keeps at most ``concurrency`` requests in
flight over all hosts and ``per_host`` per host (host:port). Each *attempt* is one job: a
transient failure (timeout, connection error, 5xx, 429) puts only that URL back in the queue
with a delay (``Retry-After``, capped, or an exponential backoff), so a rate-limited URL never
holds a worker and the host's other URLs keep flowing.

An attempt sends one GET with the body streamed and dropped (small bodies are drained so the
connection is reused), or read (up to a limit) only when the page's anchors are needed for a
``#fragment``. With ``method: head`` it sends HEAD first and falls back to GET on any non-2xx
(many servers mishandle HEAD). Redirects are followed by hand so every hop passes the address
guard and a permanent move (301/308) is known.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

from postcheck.checks.links.anchors import html_anchors
from postcheck.checks.pagedates import declared_modified, last_modified
from postcheck.checks.links.guard import AddressGuard
from postcheck.checks.links.guard import Verdict as GuardVerdict
from postcheck.checks.links.settings import LinksSettings
from postcheck.checks.links.outcome import Failure, Outcome, domain_settings

MAX_REDIRECTS = 10
PERMANENT = (301, 308)
#: Bytes of a page read to find its anchors; the rest is dropped.
BODY_LIMIT = 5 * 1024 * 1024
#: A body up to this size is read and dropped (keeps the connection); a larger one is not read.
DRAIN_LIMIT = 256 * 1024


@dataclass
class Job:
    url: str
    want_anchors: bool
    host: str
    attempts: int = 0


def host_key(url: str) -> str:
    """host:port, the unit of the per-host limit."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


class Fetcher:
    """Requests URLs under the settings' limits; :meth:`fetch_all` is the entry point."""

    def __init__(
        self,
        settings: LinksSettings,
        environ: Mapping[str, str] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.environ = os.environ if environ is None else environ
        self.on_done = on_done
        self.guard = AddressGuard(settings.allow_private)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
        adapter = HTTPAdapter(pool_connections=64, pool_maxsize=max(1, settings.concurrency), max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    # -- scheduling ----------------------------------------------------------------------------

    def fetch_all(self, wanted: Mapping[str, bool]) -> dict[str, Outcome]:
        """Request each URL of ``wanted`` (URL → whether its anchors are needed) once."""
        queues: dict[str, deque[Job]] = {}
        for url, want_anchors in wanted.items():
            job = Job(url, want_anchors, host_key(url))
            queues.setdefault(job.host, deque()).append(job)
        results: dict[str, Outcome] = {}
        delayed: list[tuple[float, int, Job]] = []
        order = itertools.count()
        active: Counter[str] = Counter()
        condition = threading.Condition()
        limit, per_host = max(1, self.settings.concurrency), max(1, self.settings.per_host)

        def finished(job: Job, outcome: Outcome) -> None:
            with condition:
                active[job.host] -= 1
                done = not (outcome.transient and job.attempts <= self.settings.retries)
                if done:
                    outcome.attempts = job.attempts
                    results[job.url] = outcome
                else:
                    heapq.heappush(delayed, (time.monotonic() + self._delay(job, outcome), next(order), job))
                condition.notify()
            if done and self.on_done:
                with contextlib.suppress(Exception):  # a progress display must never stall the run
                    self.on_done()

        def run(job: Job) -> None:
            try:
                outcome = self.attempt(job.url, job.want_anchors)
            except Exception as error:  # noqa: BLE001 - one URL's surprise must not stop the run
                outcome = Outcome(job.url, failure=Failure.CONNECTION, detail=f"{type(error).__name__}: {error}")
            finished(job, outcome)

        with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="postcheck-links") as pool:
            with condition:
                while len(results) < len(wanted):
                    now = time.monotonic()
                    while delayed and delayed[0][0] <= now:
                        job = heapq.heappop(delayed)[2]
                        queues[job.host].appendleft(job)
                    started = False
                    for host, queue in queues.items():
                        while queue and active[host] < per_host and sum(active.values()) < limit:
                            job = queue.popleft()
                            job.attempts += 1
                            active[host] += 1
                            pool.submit(run, job)
                            started = True
                    if not started:
                        condition.wait(timeout=max(0.0, delayed[0][0] - now) if delayed else None)
        return results

    def _delay(self, job: Job, outcome: Outcome) -> float:
        """Seconds before the next attempt: ``Retry-After`` (capped), else backoff."""
        if outcome.retry_after is not None:
            return min(max(0.0, outcome.retry_after), self.settings.retry_after_max)
        return self.settings.backoff * (2 ** (job.attempts - 1))

    # -- one attempt ---------------------------------------------------------------------------

    def attempt(self, url: str, want_anchors: bool) -> Outcome:
        """One attempt at ``url``: a streamed GET; with ``method: head``, HEAD first and GET
        only when HEAD does not answer 2xx (or when the page's anchors are needed)."""
        headers = self._headers(url)
        if self.settings.method == "head" and not want_anchors:
            outcome = self._follow("HEAD", url, headers, False)
            if outcome.failure is not None or outcome.status == 429 or 200 <= (outcome.status or 0) < 300:
                return outcome  # a rate limit is waited out, not doubled by an immediate GET
        return self._follow("GET", url, headers, want_anchors)

    def _headers(self, url: str) -> dict[str, str]:
        domain = domain_settings(url, self.settings.domains)
        if domain is None:
            return {}
        return {name: self.environ[var] for name, var in domain.headers.items() if self.environ.get(var)}

    def _follow(self, method: str, url: str, headers: dict[str, str], want_anchors: bool) -> Outcome:
        outcome = Outcome(url)
        seen = {url}
        permanent_so_far = True
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            blocked = self._guard(current)
            if blocked is not None:
                blocked.url, blocked.moved_to = url, outcome.moved_to
                return blocked
            try:
                response = self._send(method, current, headers)
            except requests.RequestException as error:
                failure, detail = _failure(error)
                return Outcome(url, failure=failure, detail=detail, moved_to=outcome.moved_to)
            with response:
                location = response.headers.get("Location") if response.is_redirect else None
                if location is None:
                    return self._answer(outcome, response, current, want_anchors)
                following = urljoin(current, location)
                if response.status_code in PERMANENT and permanent_so_far:
                    outcome.moved_to = following
                else:
                    permanent_so_far = False
            if following in seen:
                return Outcome(url, failure=Failure.REDIRECT_LOOP, detail=f"redirect loop at {following}")
            seen.add(following)
            current = following
        return Outcome(url, failure=Failure.REDIRECT_LOOP, detail=f"more than {MAX_REDIRECTS} redirects")

    def _send(self, method: str, url: str, headers: dict[str, str]) -> requests.Response:
        timeout = self.settings.timeout
        return self.session.request(method, url, headers=headers, timeout=timeout, allow_redirects=False, stream=True)

    def _guard(self, url: str) -> Outcome | None:
        host = urlsplit(url).hostname or ""
        verdict = self.guard.check(host)
        if verdict is GuardVerdict.OK:
            return None
        if verdict is GuardVerdict.PRIVATE:
            return Outcome(url, failure=Failure.PRIVATE, detail=f"{host} is a private or loopback address")
        failure = Failure.DNS if verdict is GuardVerdict.NO_SUCH_HOST else Failure.DNS_TEMPORARY
        return Outcome(url, failure=failure, detail=f"{host} does not resolve")

    def _answer(self, outcome: Outcome, response: requests.Response, final: str, want_anchors: bool) -> Outcome:
        outcome.status = response.status_code
        outcome.final_url = final
        outcome.challenge = response.headers.get("cf-mitigated", "").lower() == "challenge"
        outcome.retry_after = _retry_after(response.headers.get("Retry-After"))
        content_type = response.headers.get("Content-Type", "").lower()
        outcome.modified = last_modified(response.headers.get("Last-Modified"))
        if want_anchors and 200 <= response.status_code < 300 and "html" in content_type:
            text = _read_text(response)
            outcome.anchors = html_anchors(text)
            outcome.modified = declared_modified(text) or outcome.modified
        elif response.request.method == "GET":
            _drain(response)
        return outcome


def _drain(response: requests.Response) -> None:
    """Read and drop a small body so the connection goes back to the pool; a large or unknown
    one is not worth downloading: closing the response drops the connection instead."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) <= DRAIN_LIMIT:
        for _ in response.iter_content(DRAIN_LIMIT):
            pass


def _read_text(response: requests.Response) -> str:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= BODY_LIMIT:
            break
    return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _failure(error: requests.RequestException) -> tuple[Failure, str]:
    """Name the cause of a failed request from the exception chain."""
    if isinstance(error, requests.exceptions.SSLError):
        return Failure.TLS, f"TLS error: {_root(error)}"
    if isinstance(error, requests.Timeout):
        return Failure.TIMEOUT, "timed out"
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema)):
        return Failure.INVALID, f"invalid URL: {error}"
    for cause in _chain(error):
        if isinstance(cause, socket.gaierror):
            if cause.errno == socket.EAI_AGAIN:
                return Failure.DNS_TEMPORARY, "the name server did not answer"
            return Failure.DNS, "the host name does not resolve"
        if isinstance(cause, ConnectionRefusedError):
            return Failure.REFUSED, "connection refused"
        if isinstance(cause, socket.timeout):
            return Failure.TIMEOUT, "timed out"
    return Failure.CONNECTION, f"connection failed: {_root(error)}"


def _chain(error: BaseException) -> list[BaseException]:
    """The exception, its causes and contexts, and exceptions carried in ``args`` (urllib3
    wraps the real cause in ``MaxRetryError.reason``)."""
    found: list[BaseException] = []
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        for nested in (current.__cause__, current.__context__, getattr(current, "reason", None), *current.args):
            if isinstance(nested, BaseException):
                stack.append(nested)
    return found


def _root(error: BaseException) -> str:
    last = _chain(error)[-1]
    return str(last) or type(last).__name__
