"""The links cache: successes and broken links (each with its max age; warnings never),
--no-cache, --offline, a written .gitignore, parallel processes sharing one file, a corrupt
file or bad rows rebuilt with a warning, and rows dated in the future ignored."""

from __future__ import annotations

import json
import logging
import multiprocessing
import sqlite3
import time

import pytest

from support.links import link_findings, run_posts, server  # noqa: F401 - server is a fixture
from postcheck.checks.links.cache import FILE_NAME, LinkCache
from postcheck.checks.links.outcome import Outcome


def _post(*urls: str) -> dict[str, str]:
    return {"a.md": "# P\n\n" + " ".join(f"[{i}]({u})" for i, u in enumerate(urls)) + "\n"}


def test_successes_and_broken_links_are_cached_warnings_are_not(tmp_path, server):
    ok, moved, gone, refused = server.url("/status/200?c1"), server.url("/moved?c1"), server.url("/status/404?c1"), server.url("/status/403?c1")
    first = link_findings(tmp_path, _post(ok, moved, gone, refused))
    before = server.total()
    second = link_findings(tmp_path, _post(ok, moved, gone, refused))
    assert [f.rule for f in first] == [f.rule for f in second] == ["links/redirect", "links/broken", "links/unverifiable"]
    assert server.total() - before == 1  # only the 403: "could not tell" is asked again
    assert "remembered from 0 min ago" in second[1].message and "remembered" not in first[1].message
    ignore = tmp_path / ".postcheck_cache" / ".gitignore"
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_broken_links_have_their_own_max_age(tmp_path, server):
    gone = server.url("/status/404?c7")
    link_findings(tmp_path, _post(gone))
    link_findings(tmp_path, _post(gone), {"cache_errors_max_age": 0})
    assert server.count("/status/404") >= 2 and server.received["/status/404"][-1] is not None
    before = server.count("/status/404")
    link_findings(tmp_path, _post(gone))
    assert server.count("/status/404") == before


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


def _rows(folder, url: str, **changes) -> None:
    """Overwrite the cached row of ``url`` (as a tool or a person editing the file might)."""
    db = sqlite3.connect(folder / FILE_NAME)
    with db:
        for column, value in changes.items():
            db.execute(f"UPDATE links SET {column} = ? WHERE url = ?", (value, url))
    db.close()


@pytest.mark.parametrize("changes", [{"anchors": "5"}, {"status": "abc"}, {"anchors": "not json"}, {"checked_at": "soon"}, {"failure": "gremlins"}])
def test_bad_rows_mean_a_corrupt_cache_rebuilt_with_a_warning(tmp_path, server, caplog, changes):
    folder = tmp_path / ".postcheck_cache"
    ok, gone = server.url("/page?c8#intro"), server.url("/status/404?c8")
    link_findings(tmp_path, _post(ok, gone))
    _rows(folder, ok.split("#")[0], **changes)
    before = server.total()
    with caplog.at_level(logging.WARNING, logger="postcheck.links"):
        found = link_findings(tmp_path, _post(ok, gone))
    assert [f.rule for f in found] == ["links/broken"] and "rebuilding" in caplog.text
    assert server.total() - before == 2  # everything asked again
    rows = sqlite3.connect(folder / FILE_NAME).execute("SELECT count(*) FROM links").fetchone()
    assert rows == (2,)


def test_rows_dated_in_the_future_are_ignored(tmp_path, server):
    folder = tmp_path / ".postcheck_cache"
    gone = server.url("/status/404?c9")
    cache = LinkCache(folder, max_age=3600)
    cache.put_many([Outcome(gone, status=200, final_url=gone)])
    cache.close()
    _rows(folder, gone, checked_at=time.time() + 10 * 365 * 86400)
    (finding,) = link_findings(tmp_path, _post(gone))
    assert finding.rule == "links/broken" and "remembered" not in finding.message


def test_offline_uses_the_cache_and_counts_what_it_could_not_check(tmp_path, server):
    ok, gone, new = server.url("/status/200?c10"), server.url("/status/404?c10"), server.url("/status/200?c10-new")
    link_findings(tmp_path, _post(ok, gone))
    before = server.total()
    result = run_posts(tmp_path, {"a.md": _post(ok, gone)["a.md"], "b.md": _post(ok, new)["a.md"]}, offline=True)
    assert server.total() == before
    reports = {r.path.rsplit("/", 1)[-1]: r for r in result.reports}
    assert [f.rule for f in reports["a.md"].findings] == ["links/broken"]
    rows = {name: next(row for row in r.rows if row.family == "links") for name, r in reports.items()}
    assert (rows["a.md"].status, rows["a.md"].unchecked) == ("fail", 0)
    assert (rows["b.md"].status, rows["b.md"].unchecked) == ("skipped", 1)


def test_offline_row_in_json_says_how_many_links_were_not_checked(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from postcheck.cli import main

    monkeypatch.chdir(tmp_path)  # a config-less run keeps its results cache in the current folder
    (tmp_path / "post.md").write_text(f"# P\n\n[a](https://example.com/1) [b](https://example.com/2) [c](#p)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--offline", "--format", "json", str(tmp_path / "post.md")])
    row = next(r for r in json.loads(result.output)["files"][0]["checklist"] if r["family"] == "links")
    assert row == {"family": "links", "status": "skipped", "count": 0, "unchecked": 2}


def test_offline_never_creates_a_cache(tmp_path):
    link_findings(tmp_path, _post("https://example.com/offline"), offline=True)
    assert not (tmp_path / ".postcheck_cache").exists()
