"""Refuse to request private, loopback and link-local addresses unless allowed.

A post in a pull request must not make CI probe the internal network (``http://10.0.0.5/admin``,
``http://0x7f.1/``, ``http://[::ffff:127.0.0.1]/``, or a public name that resolves to one).
Three rules make the guard hold:

- **One parser.** Every URL is split by :func:`endpoint`, which is yarl's parser (the one the
  HTTP client uses) behind a strict check that refuses authorities parsers disagree on (a
  backslash, ``user@``, spaces, ``%`` in the host). The client is handed the parsed URL
  itself, so the host the guard judged is the host the client connects to.
- **Resolve once, pin.** :meth:`AddressGuard.resolve` resolves a name once per run, judges
  every address it got, and the connection is made to those same addresses (the client's
  resolver asks the guard; see ``remote.PinnedResolver``). A second, different answer (DNS
  rebinding) is never asked for. TLS still verifies the certificate against the name.
- **Every form of an address.** IPv4 as decimal, octal, hex or shorthand (``2130706433``,
  ``0177.0.0.1``, ``0x7f.1``, ``127.1``), IPv6 with an IPv4 inside (mapped, compatible,
  NAT64, 6to4, Teredo), ``0.0.0.0``, ``localhost`` and its subdomains; every redirect hop.
"""

from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import Executor
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from yarl import URL

if TYPE_CHECKING:  # imported when requests are sent: a run the cache answers never needs it
    import asyncio

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Characters ``inet_aton`` reads in an IPv4 address written as numbers.
_NUMERIC_V4 = frozenset("0123456789abcdefxABCDEFX.")
#: IPv6 prefixes whose last 32 bits are an IPv4 address the packet ends up at.
_EMBEDDING = [ipaddress.IPv6Network(net) for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96")]
#: Local-use NAT64 (RFC 8215): translates to whatever the site's own network holds.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")
#: What may stand between ``//`` and the host's end; anything else is refused.
_AUTHORITY_REFUSED = {"\\": "a backslash", "@": "a user name before the host (user@host)", "%": "a percent sign in the host"}


class Malformed(ValueError):
    """A URL whose host cannot be read without ambiguity; the message says why."""


class Verdict(str, Enum):
    OK = "ok"
    PRIVATE = "private"  # resolves to an address that is not public
    NO_SUCH_HOST = "dns"  # the name does not exist
    DNS_TEMPORARY = "dns-temporary"  # the resolver did not answer: try again later


@dataclass(frozen=True)
class Resolution:
    """The guard's answer for one host: the verdict and the addresses to connect to."""

    verdict: Verdict
    addresses: tuple[str, ...] = ()
    #: The address that made a host private (for the message).
    culprit: str = ""


def endpoint(url: str) -> URL:
    """``url`` parsed by the HTTP client's own parser, after refusing authorities that
    parsers read differently (``http://127.0.0.1:80\\@8.8.8.8/`` is 127.0.0.1 to urllib3 and
    8.8.8.8 to ``urlsplit``). Raises :class:`Malformed`."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise Malformed("the URL has no scheme://")
    authority = rest
    for stop in "/?#":
        authority = authority.split(stop, 1)[0]
    for char, what in _AUTHORITY_REFUSED.items():
        if char in authority:
            raise Malformed(f"the address has {what}, which hides or changes the real host")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in authority):
        raise Malformed("the host name contains a space or a control character")
    try:
        parsed = URL(url)
        port = parsed.port
    except (ValueError, TypeError) as error:
        raise Malformed(f"the URL is malformed ({error})") from None
    if parsed.scheme not in ("http", "https"):
        raise Malformed(f"{parsed.scheme}: is not a web address")
    if not parsed.raw_host:
        raise Malformed("the URL has no host name")
    if not port:
        raise Malformed("the URL has port 0")
    return parsed


def resolve_name(host: str) -> list[str]:
    """The addresses ``host`` resolves to: the one place postcheck resolves a name (tests
    replace it to play a resolver)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def literal_address(host: str) -> Address | None:
    """``host`` as an IP address in any form a resolver takes for one (None for a name)."""
    text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    text = text.split("%", 1)[0].rstrip(".")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if text and set(text) <= _NUMERIC_V4 and text[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_public(address: Address) -> bool:
    """Whether ``address`` is on the public internet; an IPv4 address carried inside an
    IPv6 one is judged as itself."""
    inner = _embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    if isinstance(address, ipaddress.IPv6Address) and address in _LOCAL_NAT64:
        return False
    return address.is_global and not address.is_multicast


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _EMBEDDING) and int(address) & 0xFFFFFFFF > 1:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def name_verdict(host: str) -> Verdict | None:
    """What a name is without any lookup (RFC 6761): ``.invalid`` never resolves,
    ``localhost`` and its subdomains are loopback. None: it must be resolved."""
    host = host.lower().rstrip(".")
    if host == "invalid" or host.endswith(".invalid"):
        return Verdict.NO_SUCH_HOST
    if host == "localhost" or host.endswith(".localhost"):
        return Verdict.PRIVATE
    return None


def is_private_literal(host: str) -> bool:
    """Whether ``host`` is, without any lookup, a non-public address (the offline check)."""
    if name_verdict(host) is Verdict.PRIVATE:
        return True
    literal = literal_address(host)
    return literal is not None and not is_public(literal)


class AddressGuard:
    """Resolves each host once per run and decides whether it may be requested; the
    connection is then made to exactly the addresses it judged."""

    def __init__(self, allow_private: bool, executor: Executor | None = None) -> None:
        self.allow_private = allow_private
        #: Where blocking lookups run (the caller's, so a hung lookup cannot hold the run).
        self.executor = executor
        self._known: dict[str, Resolution] = {}
        self._pending: dict[str, asyncio.Future[Resolution]] = {}

    async def resolve(self, host: str) -> Resolution:
        """The verdict and addresses of ``host``; concurrent callers share one lookup."""
        import asyncio

        key = host.lower().rstrip(".")
        known = self._known.get(key)
        if known is not None:
            return known
        lookup = self._pending.get(key)
        if lookup is None:
            lookup = asyncio.ensure_future(self._decide(key))
            self._pending[key] = lookup
            lookup.add_done_callback(lambda done: self._settle(key, done))
        return await asyncio.shield(lookup)

    def _settle(self, key: str, lookup: asyncio.Future[Resolution]) -> None:
        self._pending.pop(key, None)
        if not lookup.cancelled() and lookup.exception() is None:
            self._known[key] = lookup.result()

    async def _decide(self, host: str) -> Resolution:
        named = name_verdict(host)
        if named is Verdict.NO_SUCH_HOST:
            return Resolution(named)
        if named is Verdict.PRIVATE:
            return self._judge(host, ["127.0.0.1", "::1"])
        literal = literal_address(host)
        if literal is not None:
            return self._judge(host, [str(literal)])
        try:
            import asyncio

            addresses = await asyncio.get_running_loop().run_in_executor(self.executor, resolve_name, host)
        except socket.gaierror as error:
            return Resolution(Verdict.DNS_TEMPORARY if error.errno == socket.EAI_AGAIN else Verdict.NO_SUCH_HOST)
        except (UnicodeError, OSError):
            return Resolution(Verdict.NO_SUCH_HOST)
        return self._judge(host, addresses)

    def _judge(self, host: str, addresses: list[str]) -> Resolution:
        """Every address must be public (one private answer is enough to refuse)."""
        if not addresses:
            return Resolution(Verdict.NO_SUCH_HOST)
        if not self.allow_private:
            for text in addresses:
                address = literal_address(text)
                if address is None or not is_public(address):
                    return Resolution(Verdict.PRIVATE, culprit=text if text != host else "")
        return Resolution(Verdict.OK, tuple(addresses))
