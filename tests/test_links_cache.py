"""The links cache: successes only, max age, --no-cache, a written .gitignore, parallel
processes sharing one file, and a corrupt file rebuilt with a warning."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3

import pytest

from support.links_server import LinkServer
from support.links import link_findings
from postcheck.checks.links.cache import FILE_NAME, LinkCache
from postcheck.checks.links.outcome import Outcome


@pytest.fixture(scope="module")
def server():
    with LinkServer() as running:
        yield running


def _post(*urls: str) -> dict[str, str]:
    return {"a.md": "# P\n\n" + " ".join(f"[{i}]({u})" for i, u in enumerate(urls)) + "\n"}


def test_successes_are_cached_errors_are_not(tmp_path, server):
    ok, moved, gone = server.url("/status/200?c1"), server.url("/moved?c1"), server.url("/status/404?c1")
    first = link_findings(tmp_path, _post(ok, moved, gone))
    before = server.total()
    second = link_findings(tmp_path, _post(ok, moved, gone))
    assert [f.rule for f in first] == [f.rule for f in second] == ["links/redirect", "links/broken"]
    assert server.total() - before == 1  # only the 404: errors are never cached
    ignore = tmp_path / ".postcheck_cache" / ".gitignore"
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_cached_page_keeps_its_anchors(tmp_path, server):
    urls = (server.url("/page?c2#intro"), server.url("/page?c2#gone"))
    link_findings(tmp_path, _post(*urls))
    before = server.total()
    found = link_findings(tmp_path, _post(*urls))
    assert server.total() == before
    assert [f.data["fragment"] for f in found] == ["gone"]


def test_page_cached_without_anchors_is_fetched_when_a_fragment_needs_them(tmp_path, server):
    link_findings(tmp_path, _post(server.url("/page?c3")))
    before = server.count("/page")
    assert [f.data["fragment"] for f in link_findings(tmp_path, _post(server.url("/page?c3#nope")))] == ["nope"]
    assert server.count("/page") == before + 1


def test_max_age_and_no_cache(tmp_path, server):
    url = server.url("/status/200?c4")
    link_findings(tmp_path, _post(url))
    before = server.total()
    link_findings(tmp_path, _post(url), {"cache_max_age": 0.0})
    link_findings(tmp_path, _post(url), no_cache=True)
    link_findings(tmp_path, _post(url), {"cache": False})
    assert server.total() - before == 3


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path, server, caplog):
    folder = tmp_path / ".postcheck_cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="postcheck.links"):
        assert link_findings(tmp_path, _post(server.url("/status/200?c5"))) == []
    assert "rebuilding" in caplog.text
    rows = sqlite3.connect(folder / FILE_NAME).execute("SELECT url FROM links").fetchall()
    assert rows == [(server.url("/status/200?c5"),)]


def _writer(folder: str, worker: int) -> None:
    from pathlib import Path

    cache = LinkCache(Path(folder), max_age=3600)
    for batch in range(20):
        outcomes = [Outcome(f"https://example.com/{worker}/{batch}/{i}", status=200, final_url="x") for i in range(10)]
        cache.put_many(outcomes)
        cache.get_many({o.url: False for o in outcomes})
    cache.close()


def test_parallel_processes_share_the_cache(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n)) for n in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    cache = LinkCache(tmp_path, max_age=3600)
    wanted = {f"https://example.com/{w}/{b}/{i}": False for w in range(4) for b in range(20) for i in range(10)}
    assert len(cache.get_many(wanted)) == 800


def test_unusable_cache_folder_means_no_cache_not_a_crash(tmp_path, server, caplog):
    (tmp_path / "occupied").write_text("a file where the cache folder should be", encoding="utf-8")
    url = server.url("/status/404?c6")
    with caplog.at_level(logging.WARNING, logger="postcheck.links"):
        found = link_findings(tmp_path, _post(url), {"cache_dir": "occupied/cache"})
    assert [f.rule for f in found] == ["links/broken"]
    assert "running without the link cache" in caplog.text
