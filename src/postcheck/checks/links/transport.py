"""HTTP/1.1 for the links check: asyncio streams, h11's protocol, connections kept per origin.

The links check sends plain GETs and HEADs, follows redirects itself and judges every address
before connecting (:mod:`.guard`), so it needs from an HTTP client only the protocol and a
connection pool. h11 is that protocol, written to the RFCs, with no I/O of its own: it imports
in a few milliseconds where aiohttp took 0.15-0.25 s of every cold run's start (before the
first request could leave), for the same requests per second against the same server
(``bench/links_transport.py``).

Connections go to the addresses the pool's resolver gives for the host (the links check's
resolver gives those its guard judged: the name is never resolved again); TLS still verifies
the host name. A connection
is reused only after its answer was read to the end; one that was not (a large body, an
error) is closed.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from dataclasses import dataclass, field
from typing import AsyncIterator, Awaitable, Callable, Sequence, TypedDict

import h11
from yarl import URL

#: Longest head (status line and headers) accepted: some sites send large cookies.
HEADER_LIMIT = 64 * 1024
READ_SIZE = 64 * 1024

#: What a malformed exchange raises: sent (a URL or header h11 refuses) or received.
ProtocolError = h11.ProtocolError
LocalProtocolError = h11.LocalProtocolError
Origin = tuple[str, str, int]


class Address(TypedDict):
    """Where to connect for a host name: ``host`` is the address (an IP literal)."""

    host: str
    port: int


#: host, port → the addresses to connect to (an error when there are none to use).
Resolve = Callable[[str, int], Awaitable[list[Address]]]


class _Connection:
    """One TCP (or TLS) connection and the state of the HTTP exchange on it."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=HEADER_LIMIT)

    async def send(self, *events: h11.Event) -> None:
        self.writer.write(b"".join(self.http.send(event) or b"" for event in events))
        await self.writer.drain()

    async def next_event(self) -> h11.Event | type[h11.PAUSED]:
        while True:
            event = self.http.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.http.receive_data(await self.reader.read(READ_SIZE))  # b"": the server closed

    def reusable(self) -> bool:
        return self.http.our_state is h11.DONE and self.http.their_state is h11.DONE

    def close(self) -> None:
        self.writer.close()


@dataclass
class Response:
    """A status and headers; the body is read with :meth:`chunks` or :meth:`read`, and the
    connection goes back to the pool (read to the end) or is closed by :meth:`release`."""

    status: int
    #: Header names in lower case; a repeated header's values joined with ", ".
    headers: dict[str, str]
    method: str
    _connection: _Connection = field(repr=False)
    _release: Callable[[_Connection], None] = field(repr=False)
    _done: bool = False

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("content-length", "")
        return int(value) if value.isdigit() else None

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"').strip()
        return None

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body, as it arrives (nothing for a HEAD or a bodiless status)."""
        while not self._done:
            event = await self._connection.next_event()
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                self._done = True

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.chunks()])

    async def content(self, limit: int) -> bytes:
        """Up to ``limit`` bytes of the body, decompressed when the server sent it gzip- or
        deflate-encoded (the pool's requests accept both); the rest is not read. A body that
        does not decompress raises :data:`ProtocolError`."""
        coding = self.headers.get("content-encoding", "").strip().lower()
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if coding in ("gzip", "x-gzip", "deflate") else None
        parts: list[bytes] = []
        size = 0
        async for chunk in self.chunks():
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limit - size)  # never more than the limit
                except zlib.error as error:
                    raise h11.RemoteProtocolError(f"the {coding} body does not decompress ({error})") from None
            parts.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        return b"".join(parts)

    def release(self) -> None:
        """Back to the pool when the answer was read to the end; closed otherwise."""
        if self._done and self._connection.reusable():
            self._connection.http.start_next_cycle()
            self._release(self._connection)
        else:
            self._connection.close()


class Pool:
    """Connections per origin (scheme, host, port), opened to the addresses ``resolve`` gives
    and reused while they last (``keep`` idle ones per origin); ``tls`` gives the verifying
    TLS context (made when first needed)."""

    def __init__(self, headers: Sequence[tuple[str, str]], resolve: Resolve, tls: Callable[[], ssl.SSLContext], keep: int) -> None:
        self.headers = list(headers)
        self.resolve = resolve
        self.tls = tls
        self.keep = keep
        self.idle: dict[Origin, list[_Connection]] = {}

    async def request(self, method: str, url: URL, headers: dict[str, str]) -> Response:
        """Send ``method`` for ``url`` over a kept connection, else a new one; a kept
        connection the server closed meanwhile is replaced."""
        origin = (url.scheme, url.raw_host or "", url.port or 0)
        request = h11.Request(
            method=method, target=url.raw_path_qs or "/",
            headers=[("Host", url.host_port_subcomponent or ""), *self.headers, *headers.items()],
        )
        while True:
            kept = self._kept(origin)
            connection = kept or await self._open(url)
            try:
                event = await _exchange(connection, request)
            except (OSError, h11.RemoteProtocolError):
                connection.close()
                if kept is not None:
                    continue  # closed by the server while it was kept: not this site's answer
                raise
            except BaseException:
                connection.close()
                raise
            if isinstance(event, h11.Response):
                return Response(event.status_code, _headers(event.headers), method, connection, lambda c: self._keep(origin, c))
            connection.close()
            if kept is None:
                raise h11.RemoteProtocolError("the server closed the connection without an answer")

    def close(self) -> None:
        for connections in self.idle.values():
            for connection in connections:
                connection.close()
        self.idle.clear()

    def _kept(self, origin: Origin) -> _Connection | None:
        connections = self.idle.get(origin, [])
        while connections:
            connection = connections.pop()
            if not connection.reader.at_eof():
                return connection
            connection.close()
        return None

    def _keep(self, origin: Origin, connection: _Connection) -> None:
        kept = self.idle.setdefault(origin, [])
        if len(kept) < self.keep:
            kept.append(connection)
        else:
            connection.close()

    async def _open(self, url: URL) -> _Connection:
        """A connection to the first address of the host that answers (TLS for https,
        verifying the URL's host name, not the address)."""
        tls = self.tls() if url.scheme == "https" else None
        name = (url.raw_host or "").rstrip(".") if tls else None
        failure: OSError = OSError(f"no address for {url.raw_host}")
        for address in await self.resolve(url.raw_host or "", url.port or 0):
            try:
                reader, writer = await asyncio.open_connection(
                    address["host"], address["port"], ssl=tls, server_hostname=name, limit=HEADER_LIMIT,
                )
            except OSError as error:
                failure = error
                continue
            return _Connection(reader, writer)
        raise failure


async def _exchange(connection: _Connection, request: h11.Request) -> h11.Event | type[h11.PAUSED]:
    """Send ``request``; the first event after any 1xx (a response, or the end)."""
    await connection.send(request, h11.EndOfMessage())
    event = await connection.next_event()
    while isinstance(event, h11.InformationalResponse):
        event = await connection.next_event()
    return event


def _headers(raw: Sequence[tuple[bytes, bytes]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers
