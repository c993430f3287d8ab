"""Refuse to request private, loopback and link-local addresses unless allowed.

A post in a pull request must not make CI probe the internal network (``http://10.0.0.5/admin``
or a public name that resolves to one). The guard resolves each host once per run. RFC 6761
names are answered without any lookup: ``.invalid`` never resolves, ``localhost`` is loopback.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from enum import Enum


class Verdict(str, Enum):
    OK = "ok"
    PRIVATE = "private"  # resolves to an address that is not public
    NO_SUCH_HOST = "dns"  # the name does not exist
    DNS_TEMPORARY = "dns-temporary"  # the resolver did not answer: try again later


class AddressGuard:
    """Decides, once per host, whether a host may be requested."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._seen: dict[str, Verdict] = {}
        self._lock = threading.Lock()

    def check(self, host: str) -> Verdict:
        host = host.lower().rstrip(".")
        with self._lock:
            known = self._seen.get(host)
        if known is None:
            known = self._decide(host)
            with self._lock:
                self._seen[host] = known
        return known

    def _decide(self, host: str) -> Verdict:
        if host == "invalid" or host.endswith(".invalid"):
            return Verdict.NO_SUCH_HOST
        if host == "localhost" or host.endswith(".localhost"):
            return Verdict.OK if self.allow_private else Verdict.PRIVATE
        literal = _address(host)
        if literal is not None:
            return Verdict.OK if self.allow_private or _public(literal) else Verdict.PRIVATE
        if self.allow_private:
            return Verdict.OK  # the request itself resolves the name and reports DNS errors
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except socket.gaierror as error:
            return Verdict.DNS_TEMPORARY if error.errno == socket.EAI_AGAIN else Verdict.NO_SUCH_HOST
        except (UnicodeError, OSError):
            return Verdict.NO_SUCH_HOST
        addresses = [_address(str(info[4][0])) for info in infos]
        return Verdict.OK if all(a is not None and _public(a) for a in addresses) else Verdict.PRIVATE


def is_private_literal(host: str) -> bool:
    """Whether ``host`` is, without any lookup, a non-public address (offline check)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    literal = _address(host)
    return literal is not None and not _public(literal)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast
