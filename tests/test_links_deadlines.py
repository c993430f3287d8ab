"""Deadlines: ``timeout`` bounds all of one request (a server that trickles its headers or
body a byte at a time cannot hold a run), and ``deadline`` bounds the whole links run, whose
unfinished links are reported unverifiable, not waited for."""

from __future__ import annotations

import time

import pytest

from postcheck.checks.links import guard
from support.links import link_findings, server  # noqa: F401 - server is a fixture


@pytest.mark.parametrize("path", ["/trickle?every=0.1", "/trickle-headers?every=0.1"])
def test_timeout_covers_the_whole_request_not_each_read(tmp_path, server, path):
    """Every read gets a byte within 0.1 s; the whole answer would take 6 s."""
    started = time.monotonic()
    (finding,) = link_findings(tmp_path, {"a.md": f"[x]({server.url(path)})\n"}, {"timeout": 0.5, "retries": 0})
    assert finding.rule == "links/unverifiable" and "timed out" in finding.message
    assert time.monotonic() - started < 2.0


def test_the_run_deadline_reports_what_is_left_as_unverifiable(tmp_path, server):
    urls = [server.url(f"/slow/d{i}?s=3") for i in range(4)] + [server.url("/ok/before-the-deadline")]
    started = time.monotonic()
    found = link_findings(tmp_path, {"a.md": "\n\n".join(f"[{i}]({u})" for i, u in enumerate(urls)) + "\n"}, {"timeout": 10, "deadline": 0.6, "per_host": 8})
    assert time.monotonic() - started < 2.0
    assert sorted(f.data["url"] for f in found) == sorted(urls[:4])
    assert all(f.rule == "links/unverifiable" and "links.deadline" in f.message for f in found)


def test_a_resolver_that_does_not_answer_cannot_hold_the_run(tmp_path, monkeypatch):
    """The lookup runs in postcheck's own thread pool, left behind at the deadline."""

    def silent(host: str) -> list[str]:
        time.sleep(3)
        raise OSError("no answer")

    monkeypatch.setattr(guard, "resolve_name", silent)
    started = time.monotonic()
    (finding,) = link_findings(tmp_path, {"a.md": "[x](https://slow-dns.example/)\n"}, {"allow_private": False, "deadline": 0.5})
    assert finding.rule == "links/unverifiable" and "links.deadline" in finding.message
    assert time.monotonic() - started < 2.0
