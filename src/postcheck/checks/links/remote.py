"""Request every remote URL once, concurrently, politely, within deadlines, where allowed.

asyncio, with HTTP/1.1 from :mod:`.transport` (h11 over asyncio streams): at 10-16 requests
in flight as fast as a thread pool with requests, at a fraction of the CPU, and a deadline is
one ``asyncio.timeout`` around all of a request (connect, headers, a body trickled a byte at a
time, redirects) instead of a timeout per socket read. :mod:`.schedule` decides when each
request leaves (limits, retries, the run's deadline).

An attempt sends one GET whose small body is read and dropped (the connection is reused), or
read up to a limit when the page's anchors are needed for a ``#fragment``. With ``method:
head`` it sends HEAD first and GET on any non-2xx. Redirects are followed by hand: every hop
is parsed by :func:`guard.endpoint` and passes the address guard, and the connection goes to
the addresses the guard judged (:class:`PinnedResolver`). Configured headers go only to their
host, over https, and never to a redirect's other host.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping
from urllib.parse import urljoin

from yarl import URL

from postcheck.checks.links import guard
from postcheck.checks.links.anchors import html_anchors
from postcheck.checks.links.outcome import Failure, Outcome
from postcheck.checks.links.schedule import Job, Key, Schedule
from postcheck.checks.links.settings import LinksSettings
from postcheck.checks.links.transport import Address, LocalProtocolError, Pool, ProtocolError, Response
from postcheck.checks.pagedates import declared_modified, last_modified

MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
#: Bytes of a page read to find its anchors; the rest is dropped.
BODY_LIMIT = 5 * 1024 * 1024
#: A body up to this size is read and dropped (keeps the connection); a larger one is not read.
DRAIN_LIMIT = 256 * 1024


class PinnedResolver:
    """The HTTP client's resolver: the guard's addresses for a name, resolved once per run
    and judged before any connection, so the client connects to what the guard checked."""

    def __init__(self, address_guard: guard.AddressGuard) -> None:
        self.guard = address_guard

    async def resolve(self, host: str, port: int = 0) -> list[Address]:
        resolution = await self.guard.resolve(host)
        if resolution.verdict is not guard.Verdict.OK:
            raise OSError(f"{host} may not be requested ({resolution.verdict.value})")
        return [Address(host=address, port=port) for address in resolution.addresses]


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
        self.guard = guard.AddressGuard(settings.allow_private)

    def fetch_all(self, wanted: Mapping[str, bool]) -> dict[str, Outcome]:
        """Request each URL of ``wanted`` (URL → whether its anchors are needed) once."""

        def everything(schedule: Schedule) -> None:
            schedule.add(wanted.items())
            schedule.close()

        results = asyncio.run(self.serve(everything))
        return {url: results[(url, want_anchors)] for url, want_anchors in wanted.items()}

    # -- scheduling ----------------------------------------------------------------------------

    async def serve(self, started: Callable[[Schedule], None]) -> dict[Key, Outcome]:
        """Run a :class:`Schedule` until it is closed and done; ``started`` gets it first
        (to add requests, now or later from another thread through the loop)."""
        lookups = ThreadPoolExecutor(max_workers=8, thread_name_prefix="postcheck-dns")
        self.guard.executor = lookups
        try:
            pool = Pool(
                [
                    ("User-Agent", self.settings.user_agent),
                    ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                    ("Accept-Encoding", "gzip, deflate"),
                ],
                PinnedResolver(self.guard).resolve,
                lambda: self.tls,
                keep=self.settings.per_host,
            )
            try:
                schedule = Schedule(self, pool)
                started(schedule)
                return await schedule.run()
            finally:
                pool.close()
        finally:
            lookups.shutdown(wait=False, cancel_futures=True)  # a hung lookup must not hold the run

    @functools.cached_property
    def tls(self) -> ssl.SSLContext:
        """A verifying TLS context, made on the first https request of the run (it reads
        ``SSL_CERT_FILE``/``SSL_CERT_DIR`` then: a company's own CA can be added that way)."""
        return ssl.create_default_context()

    def delay(self, job: Job, outcome: Outcome) -> float:
        """Seconds before the next attempt: ``Retry-After`` (capped), else backoff."""
        if outcome.retry_after is not None:
            return min(max(0.0, outcome.retry_after), self.settings.retry_after_max)
        return self.settings.backoff * (2 ** (job.attempts - 1))

    def finished(self) -> None:
        if self.on_done:
            with contextlib.suppress(Exception):  # a progress display must never stall the run
                self.on_done()

    # -- one attempt ---------------------------------------------------------------------------

    async def attempt(self, pool: Pool, url: str, want_anchors: bool) -> Outcome:
        """One attempt at ``url`` within ``timeout`` seconds in all: a GET; with ``method:
        head``, HEAD first and GET only when HEAD does not answer 2xx (or anchors are needed)."""
        try:
            async with asyncio.timeout(self.settings.timeout):
                if self.settings.method == "head" and not want_anchors:
                    outcome = await self._follow(pool, "HEAD", url, False)
                    if outcome.failure is not None or outcome.status == 429 or 200 <= (outcome.status or 0) < 300:
                        return outcome  # a rate limit is waited out, not doubled by an immediate GET
                return await self._follow(pool, "GET", url, want_anchors)
        except TimeoutError:
            return Outcome(url, failure=Failure.TIMEOUT, detail=f"timed out (no complete answer within {self.settings.timeout:g} s)")

    def headers_for(self, origin: URL, hop: URL) -> dict[str, str]:
        """The configured headers of ``origin``'s exact host, for a hop to that same host and
        port over https; none otherwise (a redirect elsewhere gets nothing)."""
        if hop.scheme != "https" or (hop.raw_host, hop.port) != (origin.raw_host, origin.port):
            return {}
        host = (origin.raw_host or "").rstrip(".")
        headers = next((d.headers for name, d in self.settings.domains.items() if name.lower().strip(".") == host), {})
        values = {name: self.environ.get(variable, "") for name, variable in headers.items()}
        return {name: value for name, value in values.items() if value and "\r" not in value and "\n" not in value}

    async def _follow(self, pool: Pool, method: str, url: str, want_anchors: bool) -> Outcome:
        outcome = Outcome(url)
        seen = {url}
        permanent_so_far = True
        current = url
        origin = guard.endpoint(url)
        for _ in range(MAX_REDIRECTS + 1):
            try:
                hop = guard.endpoint(current)
            except guard.Malformed as error:
                return Outcome(url, failure=Failure.INVALID, detail=f"it redirects to a malformed URL: {error}", moved_to=outcome.moved_to)
            blocked = await self._guard(url, hop)
            if blocked is not None:
                blocked.moved_to = outcome.moved_to
                return blocked
            try:
                response = await pool.request(method, hop, self.headers_for(origin, hop))
                try:
                    location = response.headers.get("location") if response.status in REDIRECTS else None
                    if location is None:
                        return await self._answer(outcome, response, current, want_anchors)
                    await _drain(response)
                finally:
                    response.release()
            except (OSError, ProtocolError) as error:
                failure, detail = _failure(error)
                return Outcome(url, failure=failure, detail=detail, moved_to=outcome.moved_to)
            following = urljoin(current, location.strip())
            if response.status in PERMANENT and permanent_so_far:
                outcome.moved_to = following
            else:
                permanent_so_far = False
            if following in seen:
                return Outcome(url, failure=Failure.REDIRECT_LOOP, detail=f"redirect loop at {following}")
            seen.add(following)
            current = following
        return Outcome(url, failure=Failure.REDIRECT_LOOP, detail=f"more than {MAX_REDIRECTS} redirects")

    async def _guard(self, url: str, hop: URL) -> Outcome | None:
        host = hop.raw_host or ""
        resolution = await self.guard.resolve(host)
        verdict = resolution.verdict
        if verdict is guard.Verdict.OK:
            return None
        if verdict is guard.Verdict.PRIVATE:
            where = f"{host} resolves to {resolution.culprit}, which" if resolution.culprit else host
            return Outcome(url, failure=Failure.PRIVATE, detail=f"{where} is a private or loopback address")
        failure = Failure.DNS if verdict is guard.Verdict.NO_SUCH_HOST else Failure.DNS_TEMPORARY
        return Outcome(url, failure=failure, detail=f"{host} does not resolve")

    async def _answer(self, outcome: Outcome, response: Response, final: str, want_anchors: bool) -> Outcome:
        outcome.status = response.status
        outcome.final_url = final
        outcome.challenge = response.headers.get("cf-mitigated", "").lower() == "challenge"
        outcome.retry_after = _retry_after(response.headers.get("retry-after"))
        content_type = response.headers.get("content-type", "").lower()
        outcome.modified = last_modified(response.headers.get("last-modified"))
        if want_anchors and 200 <= response.status < 300 and "html" in content_type:
            text = await _read_text(response)
            outcome.anchors = html_anchors(text)
            outcome.modified = declared_modified(text) or outcome.modified
        else:
            await _drain(response)
        return outcome


async def _drain(response: Response) -> None:
    """Read a small body of known size (nothing for a HEAD), so the connection is reused; a
    larger one is left unread (the connection is closed instead)."""
    if response.method == "HEAD" or (response.content_length is not None and response.content_length <= DRAIN_LIMIT):
        await response.read()


async def _read_text(response: Response) -> str:
    content = await response.content(BODY_LIMIT)
    try:
        return content.decode(response.charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return content.decode("utf-8", errors="replace")


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), 10**9))
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _failure(error: BaseException) -> tuple[Failure, str]:
    """Name the cause of a failed request."""
    if isinstance(error, ssl.SSLError):
        return Failure.TLS, f"TLS error: {_root(error)}"
    if isinstance(error, LocalProtocolError):
        return Failure.INVALID, f"invalid URL: {error}"
    if isinstance(error, socket.gaierror):
        if error.errno == socket.EAI_AGAIN:
            return Failure.DNS_TEMPORARY, "the name server did not answer"
        return Failure.DNS, "the host name does not resolve"
    if isinstance(error, ConnectionRefusedError):
        return Failure.REFUSED, "connection refused"
    return Failure.CONNECTION, f"connection failed: {_root(error)}"


def _root(error: BaseException) -> str:
    """The innermost cause's message (an error may wrap the OS error)."""
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error) or type(error).__name__
