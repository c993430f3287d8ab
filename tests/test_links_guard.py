"""The address guard: a post must not make postcheck request a private address, whatever
form the address takes, on any redirect hop, through DNS rebinding, or through an authority
that two parsers read differently.

Everything runs against servers on 127.0.0.1. Names are answered by a resolver the test
controls: ``guard.resolve_name`` is the one place postcheck resolves a name, and the only thing
patched for rebinding. No other address is ever contacted: a case that would reach another
address if the guard failed is refused before any connection (and the tests that need a
"public" first hop make exactly 127.0.0.1 count as public)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from postcheck.checks.links import guard
from postcheck.checks.links.guard import AddressGuard, Malformed, Verdict, endpoint, is_private_literal
from postcheck.checks.links.outcome import Failure
from postcheck.checks.links.remote import Fetcher, PinnedResolver
from postcheck.checks.links.settings import LinksSettings
from support.links import by_url, link_findings, post, server  # noqa: F401 - server is a fixture
from support.links_server import LinkServer
from support.tls import server_context

PRIVATE = {"allow_private": False}


class Resolver:
    """A DNS server the test controls: name → the answers it gives, one per lookup (the last
    answer repeats); a name it does not know does not exist."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        given = self.answers[host]
        return given[min(len(self.calls_for(host)) - 1, len(given) - 1)]

    def calls_for(self, host: str) -> list[str]:
        return [call for call in self.calls if call == host]


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1", "2130706433", "017700000001", "0x7f000001", "0x7f.1", "127.1", "0177.0.0.1", "0x7F.0.0.1",
        "0.0.0.0", "0", "10.0.0.5", "192.168.1.1", "172.16.0.1", "169.254.169.254", "100.64.0.1",
        "[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[::10.0.0.1]",
        "[64:ff9b::127.0.0.1]", "[64:ff9b::a00:1]", "[64:ff9b:1::1]", "[2002:7f00:1::]", "[fe80::1]", "[fc00::1]",
        "[ff02::1]", "localhost", "LOCALHOST.", "intranet.localhost",
    ],
)
def test_every_form_of_a_private_address_is_private(host):
    assert is_private_literal(host)


@pytest.mark.parametrize("host", ["8.8.8.8", "134744072", "[2606:4700::1111]", "[64:ff9b::808:808]", "[::ffff:8.8.8.8]", "example.com", "cafe.be"])
def test_public_addresses_and_names_are_not_private_literals(host):
    assert not is_private_literal(host)


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1:8081\\@8.8.8.8/x", "backslash"),
        ("http://8.8.8.8\\.127.0.0.1/x", "backslash"),
        ("https://google.com@127.0.0.1/", "user name"),
        ("http://user:pass@example.com/", "user name"),
        ("http://127.0.0.1%2f.example.com/", "percent"),
        ("http://exa mple.com/", "space"),
        ("http://example.com:0/", "port 0"),
        ("http://example.com:99999/", "malformed"),
        ("http:///path", "no host"),
    ],
)
def test_authorities_parsers_disagree_on_are_refused(url, words):
    with pytest.raises(Malformed, match=words):
        endpoint(url)


def test_the_guard_and_the_client_read_the_same_host():
    parsed = endpoint("https://Example.COM./a b?q=1#f")
    assert (parsed.raw_host, parsed.port, parsed.scheme) == ("example.com.", 443, "https")


def test_private_forms_in_posts_are_never_requested(tmp_path, server):
    port = server.server_address[1]
    urls = [
        f"http://2130706433:{port}/decimal", f"http://0x7f.1:{port}/hex", f"http://0177.0.0.1:{port}/octal",
        f"http://127.1:{port}/short", f"http://[::ffff:127.0.0.1]:{port}/mapped", f"http://localhost:{port}/name",
        f"http://sub.localhost:{port}/sub", f"http://0.0.0.0:{port}/zero", f"http://[::1]:{port}/six",
    ]
    before = server.total()
    found = by_url(link_findings(tmp_path, {"a.md": post(*urls)}, PRIVATE))
    assert found == {url: "links/unverifiable" for url in urls}
    assert server.total() == before


@pytest.mark.parametrize(
    "text",
    ["[x](http://127.0.0.1:{port}\\@8.8.8.8/x)", '<a href="http://127.0.0.1:{port}\\@8.8.8.8/x">x</a>'],
)
def test_a_backslash_in_the_authority_is_malformed_not_requested(tmp_path, server, text):
    before = server.total()
    (finding,) = link_findings(tmp_path, {"a.md": "# P\n\n" + text.format(port=server.server_address[1]) + "\n"}, {"allow_private": True})
    assert finding.rule == "links/broken" and "backslash" in finding.message
    assert server.total() == before


@pytest.fixture
def only_127_0_0_1_is_public(monkeypatch):
    """The test server stands for a public site: exactly 127.0.0.1 counts as public."""
    real = guard.is_public
    monkeypatch.setattr(guard, "is_public", lambda address: str(address) == "127.0.0.1" or real(address))


@pytest.mark.parametrize(
    "location, failure",
    [
        ("http://localhost:{port}/admin", Failure.PRIVATE),
        ("http://2130706434:{port}/admin", Failure.PRIVATE),
        ("http://0x7f.0.0.2:{port}/admin", Failure.PRIVATE),
        ("http://0177.0.0.2:{port}/admin", Failure.PRIVATE),
        ("http://[::ffff:127.0.0.2]:{port}/admin", Failure.PRIVATE),
        ("http://[::127.0.0.2]:{port}/admin", Failure.PRIVATE),
        ("http://[64:ff9b::127.0.0.2]:{port}/admin", Failure.PRIVATE),
        ("http://0.0.0.0:{port}/admin", Failure.PRIVATE),
        ("http://127.0.0.1:{port}\\@8.8.8.8/admin", Failure.INVALID),
    ],
)
def test_every_redirect_hop_is_guarded(server, only_127_0_0_1_is_public, location, failure):
    target = location.format(port=server.server_address[1])
    url = server.url(f"/redirect?to={target}")
    before = server.count("/redirect")
    outcome = Fetcher(LinksSettings(allow_private=False)).fetch_all({url: False})[url]
    assert outcome.failure is failure
    assert server.count("/redirect") == before + 1 and server.count("/admin") == 0


def test_dns_rebinding_gets_the_address_that_was_checked(monkeypatch):
    """The name answers a public address, then 127.0.0.1: the guard resolves once and the
    connection is pinned to the public answer (no connection is made in this test)."""
    resolver = Resolver({"rebind.test": [["93.184.216.34"], ["127.0.0.1"]]})
    monkeypatch.setattr(guard, "resolve_name", resolver)
    address_guard = AddressGuard(allow_private=False)

    async def lookups():
        first = await address_guard.resolve("rebind.test")
        pinned = await PinnedResolver(address_guard).resolve("rebind.test", 443)
        return first, pinned

    first, pinned = asyncio.run(lookups())
    assert first.verdict is Verdict.OK
    assert pinned == [{"host": "93.184.216.34", "port": 443}]
    assert resolver.calls == ["rebind.test"]


def test_a_name_is_resolved_once_and_connections_use_that_answer(tmp_path, server, monkeypatch):
    """Three URLs and a redirect on one name: one lookup. Any later lookup fails, so a client
    that resolved again by itself would report the links broken."""
    resolver = Resolver({"pinned.test": [["127.0.0.1"], []]})
    monkeypatch.setattr(guard, "resolve_name", resolver)
    port = server.server_address[1]
    base = f"http://pinned.test:{port}"
    urls = [f"{base}/ok/1", f"{base}/ok/2", f"{base}/redirect?to={base}/ok/3"]
    assert link_findings(tmp_path, {"a.md": post(*urls)}, {"allow_private": True, "cache": False}) == []
    assert resolver.calls == ["pinned.test"]


def test_one_private_answer_among_public_ones_refuses_the_name(tmp_path, server, monkeypatch):
    resolver = Resolver({"mixed.test": [["93.184.216.34", "127.0.0.1"]]})
    monkeypatch.setattr(guard, "resolve_name", resolver)
    before = server.total()
    (finding,) = link_findings(tmp_path, {"a.md": post(f"http://mixed.test:{server.server_address[1]}/ok")}, PRIVATE)
    assert finding.rule == "links/unverifiable" and "127.0.0.1" in finding.message
    assert server.total() == before


def test_a_name_that_does_not_exist_is_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(guard, "resolve_name", Resolver({}))
    (finding,) = link_findings(tmp_path, {"a.md": post("https://gone.example/page")}, PRIVATE)
    assert finding.rule == "links/broken" and "does not resolve" in finding.message


def test_tls_verifies_the_name_while_the_connection_is_pinned(tmp_path, monkeypatch):
    """The connection goes to the pinned address, but the certificate must name the host."""
    context, cert = server_context(tmp_path, ["good.test"])
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setattr(guard, "resolve_name", Resolver({"good.test": [["127.0.0.1"]], "other.test": [["127.0.0.1"]]}))
    with LinkServer(tls=context) as tls_server:
        port = tls_server.server_address[1]
        good, other = f"https://good.test:{port}/ok", f"https://other.test:{port}/ok"
        found = link_findings(tmp_path, {"a.md": post(good, other)}, {"allow_private": True, "cache": False})
    assert by_url(found) == {other: "links/broken"}
    assert "TLS" in found[0].message
