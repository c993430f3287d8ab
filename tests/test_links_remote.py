"""The links check against a real HTTP server on 127.0.0.1 (statuses, redirects, retries,
rate limits, fragments, settings). No other address is ever contacted: the DNS-failure case
uses ``.invalid``, which the guard answers without a lookup, and "refused" uses a closed port.
The guard, trust and deadlines have their own files."""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import json
import re
import time
import tracemalloc

import pytest
from click.testing import CliRunner

from support.links_server import LinkServer, closed_port, gzip_bomb
from support.tls import server_context
from postcheck.checks.links.check import PROGRESS_MIN
from postcheck.cli import main
from postcheck import config as config_module
from postcheck.checks.links.remote import _retry_after
from postcheck.config import ConfigError
from support.links import by_url, link_findings, post, run_posts, server  # noqa: F401 - server is a fixture


def test_statuses_are_classified(tmp_path, server):
    urls = {
        "/ok": None,
        "/status/404": "links/broken",
        "/status/410": "links/broken",
        "/status/400": "links/broken",
        "/status/401": "links/unverifiable",
        "/status/403": "links/unverifiable",
        "/status/999": "links/unverifiable",
        "/challenge": "links/unverifiable",
        "/status/500": "links/broken",
        "/temporary": None,
        "/head405": None,
        "/pdf": None,
    }
    found = by_url(link_findings(tmp_path, {"a.md": post(*(server.url(u) for u in urls))}))
    assert found == {server.url(u): rule for u, rule in urls.items() if rule}


def test_finding_points_at_the_url_and_says_why(tmp_path, server):
    url = server.url("/status/404")
    (finding,) = link_findings(tmp_path, {"a.md": f"---\ntitle: T\n---\nSee [gone]({url}) now.\n"})
    assert (finding.span.start.line, finding.span.start.column) == (4, 12)
    assert finding.span.end.column == 12 + len(url)
    assert "404 Not Found" in finding.message and url in finding.message
    assert finding.severity.value == "error"


def test_head_405_falls_back_to_get(tmp_path, server):
    url = server.url("/head405/fallback")
    assert link_findings(tmp_path, {"a.md": post(url)}, {"method": "head"}) == []
    assert (server.count("/head405/fallback", "HEAD"), server.count("/head405/fallback", "GET")) == (1, 1)


def test_head_mode_needs_no_get_when_head_works(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/status/200/head-ok"))}, {"method": "head"}) == []
    assert server.count("/status/200/head-ok", "GET") == 0


def test_default_is_one_get_per_url(tmp_path, server):
    assert [f.rule for f in link_findings(tmp_path, {"a.md": post(server.url("/status/404/once"))})] == ["links/broken"]
    assert (server.count("/status/404/once", "HEAD"), server.count("/status/404/once", "GET")) == (0, 1)


def test_connections_are_reused_and_one_the_server_closed_is_replaced(tmp_path, server):
    """Pages on one host share a kept connection; a server that hangs up after each answer
    without saying so costs a new connection, never a failure or a second request."""
    settings = {"allow_private": True, "retries": 0, "concurrency": 1}
    before = server.connections
    assert link_findings(tmp_path, {"a.md": post(*[server.url(f"/ok/kept{i}") for i in range(6)])}, settings) == []
    assert server.connections - before == 1
    before = server.connections
    assert link_findings(tmp_path, {"b.md": post(*[server.url(f"/then-close/{i}") for i in range(6)])}, settings) == []
    assert server.connections - before == 6
    assert all(server.count(f"/then-close/{i}") == 1 for i in range(6))


def test_permanent_redirect_is_info_with_the_new_url(tmp_path, server):
    found = link_findings(tmp_path, {"a.md": post(server.url("/moved"), server.url("/moved308"), server.url("/chain"))})
    messages = {f.data["url"]: (f.rule, f.severity.value, f.data["new_url"]) for f in found}
    assert messages == {
        server.url("/moved"): ("links/redirect", "info", server.url("/page")),
        server.url("/moved308"): ("links/redirect", "info", server.url("/ok")),
        server.url("/chain"): ("links/redirect", "info", server.url("/temporary")),
    }


def test_redirect_loop_is_broken(tmp_path, server):
    (finding,) = link_findings(tmp_path, {"a.md": post(server.url("/loop"))})
    assert finding.rule == "links/broken" and "loop" in finding.message


def test_refused_and_unresolvable_hosts_are_broken(tmp_path):
    refused = f"http://127.0.0.1:{closed_port()}/x"
    found = link_findings(tmp_path, {"a.md": post(refused, "https://no-such-host.invalid/page")})
    assert by_url(found) == {refused: "links/broken", "https://no-such-host.invalid/page": "links/broken"}
    assert any("refused" in f.message for f in found)


def test_connection_reset_is_retried_then_unverifiable(tmp_path, server):
    (finding,) = link_findings(tmp_path, {"a.md": post(server.url("/reset"))})
    assert finding.rule == "links/unverifiable" and "after 3 attempts" in finding.message


def test_timeout_is_retried_then_unverifiable(tmp_path, server):
    url = server.url("/slow?s=0.6")
    (finding,) = link_findings(tmp_path, {"a.md": post(url)}, {"timeout": 0.2, "retries": 1})
    assert finding.rule == "links/unverifiable" and "timed out" in finding.message


def test_slow_page_within_timeout_is_fine(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/slow?s=0.2"))}, {"timeout": 1.0}) == []


def test_5xx_on_every_attempt_is_broken(tmp_path, server):
    (finding,) = link_findings(tmp_path, {"a.md": post(server.url("/status/503/always"))})
    assert (finding.rule, finding.severity.value) == ("links/broken", "error")
    assert "server error 503 after 3 attempts" in finding.message
    assert server.count("/status/503/always") == 3


def test_5xx_is_retried_with_backoff_until_it_works(tmp_path, server):
    url = "/flaky/a"
    assert link_findings(tmp_path, {"a.md": post(server.url(url + "?fail=2"))}) == []
    assert server.count(url) == 3


def test_429_honours_retry_after_for_that_url_only(tmp_path, server):
    """The rate-limited URL waits its Retry-After; the host's other URLs are not held up."""
    others = [server.url(f"/slow/{i}?s=0.05") for i in range(6)]
    started = time.monotonic()
    found = link_findings(tmp_path, {"a.md": post(server.url("/rate/one?after=1"), *others)}, {"per_host": 2})
    assert found == []
    first, second = server.times["/rate/one"]
    assert 0.9 <= second - first <= 1.6
    assert max(server.times[f"/slow/{i}"][0] for i in range(6)) - started < 0.9


def test_429_without_retry_after_uses_backoff(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/rate/two?no-header=1"))}) == []
    assert server.count("/rate/two") == 2


def test_429_retry_after_is_capped(tmp_path, server):
    started = time.monotonic()
    assert link_findings(tmp_path, {"a.md": post(server.url("/rate/three?after=3600"))}, {"retry_after_max": 0.3}) == []
    assert time.monotonic() - started < 2


def test_still_429_after_retries_is_unverifiable_never_broken(tmp_path, server):
    (finding,) = link_findings(tmp_path, {"a.md": post(server.url("/always429"))}, {"retry_after_max": 0.1})
    assert finding.rule == "links/unverifiable" and "429" in finding.message


def test_each_url_is_requested_once_across_posts(tmp_path, server):
    url = server.url("/status/204?once")
    posts = {f"p{i}.md": post(url, url + "#", server.url("/status/204?once")) for i in range(5)}
    link_findings(tmp_path, posts)
    assert server.count("/status/204") == 1


def test_remote_fragments(tmp_path, server):
    page = server.url("/page")
    found = link_findings(
        tmp_path,
        {"a.md": post(page + "#intro", page + "#legacy", page + "#readme", page + "#missing", page + "#:~:text=Intro")},
    )
    assert [(f.rule, f.data["fragment"]) for f in found] == [("links/missing-anchor", "missing")]


def test_fragments_of_a_compressed_page(tmp_path, server):
    """A server may send a page gzip-compressed (the request accepts it): its anchors are read
    from the decompressed page."""
    page = server.url("/gzipped/page")
    found = link_findings(tmp_path, {"a.md": post(page + "#intro", page + "#missing")})
    assert [(f.rule, f.data["fragment"]) for f in found] == [("links/missing-anchor", "missing")]
    assert server.received["/gzipped/page"][0]["Accept-Encoding"] == "gzip, deflate"


def test_a_compressed_page_is_read_no_further_than_the_body_limit(tmp_path, server):
    """A gzip bomb (64 MB behind 64 kB) is decompressed only up to the body limit: its anchors
    are found and the run's memory stays bounded."""
    page = server.url("/gzip-bomb/page")
    gzip_bomb()  # the server's copy is made before the client's memory is measured
    tracemalloc.start()
    try:
        found = link_findings(tmp_path, {"a.md": post(page + "#intro", page + "#missing")})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(f.rule, f.data["fragment"]) for f in found] == [("links/missing-anchor", "missing")]
    assert peak < 32 << 20, f"{peak >> 20} MB"  # the whole page would be 64 MB, twice over as text


def test_a_body_that_does_not_decompress_is_a_finding(tmp_path, server):
    """A server that says gzip and sends something else: one finding naming that, no crash."""
    page = server.url("/bad-gzip/page")
    [finding] = link_findings(tmp_path, {"a.md": post(page + "#intro")}, {"allow_private": True, "retries": 0})
    assert "does not decompress" in finding.message, finding.message


def test_fragment_on_non_html_is_not_checked(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/pdf#page=2"), server.url("/pdf#whatever"))}) == []


def test_private_addresses_are_refused_by_default(tmp_path, server):
    before = server.total()
    found = link_findings(tmp_path, {"a.md": post(server.url("/ok"), "http://localhost:9/x")}, {"allow_private": False})
    assert [f.rule for f in found] == ["links/unverifiable"] * 2
    assert all("allow_private" in f.message for f in found)
    assert server.total() == before


def test_domain_overrides_accept_and_skip(tmp_path, server):
    domains = {"127.0.0.1": {"accept": [999]}}
    assert link_findings(tmp_path, {"a.md": post(server.url("/status/999"))}, {"domains": domains}) == []
    before = server.total()
    skip = {"127.0.0.1": {"skip": True}}
    assert link_findings(tmp_path, {"b.md": post(server.url("/status/404"))}, {"domains": skip}) == []
    assert server.total() == before


def test_user_agent_is_configurable(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/agent"))}, {"user_agent": "postcheck-test/1"}) == []


def test_exclude_is_never_requested(tmp_path, server):
    before = server.total()
    assert link_findings(tmp_path, {"a.md": post(server.url("/status/404?x"))}, {"exclude": ["/status/"]}) == []
    assert server.total() == before


def test_offline_requests_nothing_and_skips_the_row(tmp_path, server):
    before = server.total()
    result = run_posts(tmp_path, {"a.md": post(server.url("/status/404")), "b.md": "# B\n\n[x](#b)\n"}, offline=True)
    assert server.total() == before
    rows = {r.path: {row.family: row.status for row in r.rows}["links"] for r in result.reports}
    assert rows == {str(tmp_path / "a.md"): "skipped", str(tmp_path / "b.md"): "pass"}


def test_concurrency_overlaps_requests(tmp_path, server):
    urls = [server.url(f"/slow/c{i}?s=0.3") for i in range(8)]
    started = time.monotonic()
    assert link_findings(tmp_path, {"a.md": post(*urls)}, {"concurrency": 8, "per_host": 8}) == []
    assert time.monotonic() - started < 1.2


def test_per_host_limit_is_respected(tmp_path, server):
    urls = [server.url(f"/slow/h{i}?s=0.2") for i in range(4)]
    started = time.monotonic()
    link_findings(tmp_path, {"a.md": post(*urls)}, {"concurrency": 8, "per_host": 1})
    assert time.monotonic() - started >= 0.75


def test_progress_is_reported_for_many_urls(tmp_path, server):
    calls = []

    @contextlib.contextmanager
    def progress(total):
        calls.append(total)
        yield lambda: calls.append("step")

    urls = [server.url(f"/status/200/progress{i}") for i in range(PROGRESS_MIN)]
    link_findings(tmp_path, {"a.md": post(*urls)}, progress=progress)
    assert calls == [PROGRESS_MIN] + ["step"] * PROGRESS_MIN


def test_cli_reports_broken_links_and_honours_no_cache(tmp_path, server):
    config = tmp_path / ".postcheck.yaml"
    config.write_text("links:\n  allow_private: true\n  timeout: 1\n", encoding="utf-8")
    (tmp_path / "post.md").write_text(f"# P\n\n[ok]({server.url('/status/200/cli')}) [gone]({server.url('/status/404/cli')})\n", encoding="utf-8")
    runner = CliRunner()
    command = ["check", "--config", str(config), "--select", "links", str(tmp_path / "post.md")]
    first = runner.invoke(main, command)
    assert first.exit_code == 1 and "links/broken" in first.output and "/status/404/cli" in first.output
    again = runner.invoke(main, command)
    assert (server.count("/status/200/cli"), server.count("/status/404/cli")) == (1, 1)  # the second run used the cache
    assert again.exit_code == 1 and "remembered from 0 min ago" in again.output
    runner.invoke(main, ["check", "--no-cache", *command[1:]])
    assert (server.count("/status/200/cli"), server.count("/status/404/cli")) == (2, 2)


def test_untrusted_certificate_is_broken(tmp_path):
    """A TLS server on 127.0.0.1 with a self-signed certificate no one trusts."""
    context, _ = server_context(tmp_path, ["127.0.0.1"])
    with LinkServer(tls=context) as tls_server:
        (finding,) = link_findings(tmp_path, {"a.md": post(tls_server.url("/ok"))})
    assert finding.rule == "links/broken" and "TLS" in finding.message


def test_known_moves_are_reported_without_a_request(tmp_path, server):
    before = server.total()
    moved = {server.url("/old/"): "https://new.example/"}
    (finding,) = link_findings(tmp_path, {"a.md": post(server.url("/old/page#part"))}, {"moved": moved})
    assert (finding.rule, finding.data["new_url"]) == ("links/redirect", "https://new.example/page#part")
    assert server.total() == before


def test_remote_fragments_can_be_switched_off(tmp_path, server):
    assert link_findings(tmp_path, {"a.md": post(server.url("/page?nofrag#gone"))}, {"remote_fragments": False}) == []


def test_retry_after_as_an_http_date():
    later = email.utils.format_datetime(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=30), usegmt=True)
    assert 25 <= _retry_after(later) <= 31
    assert _retry_after("7") == 7.0
    assert _retry_after("soon") is None


@pytest.mark.parametrize(
    "links, words",
    [
        ({"exclude": ["(unclosed"]}, "links.exclude[0]"),
        ({"exclude": ["(?=lookahead)x"]}, "links.exclude[0]"),
        ({"exclude": ["(a)\\1"]}, "links.exclude[0]"),
        ({"per_host": 0}, "links.per_host"),
        ({"domains": {"x.com": {"accept": ["ok"]}}}, "accept"),
        ({"timeout": float("inf")}, "links.timeout"),
        ({"timeout": float("nan")}, "links.timeout"),
        ({"timeout": 0}, "links.timeout"),
        ({"retry_after_max": 1e300}, "links.retry_after_max"),
        ({"backoff": -1}, "links.backoff"),
        ({"deadline": float("inf")}, "links.deadline"),
        ({"cache_max_age": float("nan")}, "links.cache_max_age"),
        ({"retries": 1000}, "links.retries"),
        ({"concurrency": 100000}, "links.concurrency"),
        ({"site": "wordpress"}, "links.site"),
    ],
)
def test_bad_links_settings_name_the_key(links, words):
    with pytest.raises(ConfigError, match=re.escape(words)):
        config_module.from_mapping({"links": links}, None)


def test_nan_and_infinity_from_yaml_are_refused(tmp_path):
    for value in (".inf", ".nan", "-.inf", "1.0e+300"):
        path = tmp_path / ".postcheck.yaml"
        path.write_text(f"links:\n  timeout: {value}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="links.timeout: (must be a number from|expected a finite number)"):
            config_module.load(path)


def test_a_catastrophic_exclude_pattern_runs_in_linear_time(tmp_path, server):
    """``(a+)+b`` against a long run of a's hangs a backtracking engine; RE2 does not."""
    url = server.url("/ok/" + "a" * 30000 + "c")
    started = time.monotonic()
    found = link_findings(tmp_path, {"a.md": post(url)}, {"exclude": ["(a+)+b"], "cache": False})
    assert found == [] and time.monotonic() - started < 2.0
