"""Proof pages in the repository (``proof.pages`` paths, ``links.site_root`` routes) and kept
fresh (``proof.max_age_days``): local pages by their front matter, remote pages by what the
links check reads when it fetches them (a real HTTP server on 127.0.0.1), in temporary repos."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.checks.pagedates import declared_modified, last_modified
from postcheck.config import ConfigError
from postcheck.findings import Finding
from postcheck.rulepack import load_registry
from postcheck.runner import run
from support.links import FAST
from support.links_server import LinkServer
from support.proof_points import invoke

REGISTRY = load_registry()
STALE = "proof/stale-proof-page"
AI_POST = "# Launch\n\nOur AI assistant drafts replies; {link}.\n"


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def page(**front: str) -> str:
    head = "".join(f"{k}: {v}\n" for k, v in front.items())
    return (f"---\n{head}---\n" if front else "") + "# Our principles\n"


@pytest.fixture(scope="module")
def server():
    with LinkServer() as running:
        yield running


def check(root: Path, posts: dict[str, str], proof: dict[str, Any], files: dict[str, str] | None = None,
          links: dict[str, Any] | None = None, offline: bool = True, select: tuple[str, ...] = ("proof",)) -> list[Finding]:
    for name, text in {**(files or {}), **{f"posts/{n}": t for n, t in posts.items()}}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    config = config_module.from_mapping({"proof": proof, "links": {**FAST, **(links or {})}}, None, root=root)
    result = run([root / "posts"], config, REGISTRY, RunOptions(offline=offline, extra={"no_cache": True}), select=list(select))
    return [f for report in result.reports for f in report.findings if f.family == "proof"]


def rules(found: list[Finding]) -> list[tuple[str, str, int]]:
    return sorted((f.path, f.rule, f.span.start.line) for f in found)


# -- pages in the repository satisfy the proof check -------------------------------------------


def test_a_repository_page_is_reached_by_a_relative_link_or_through_site_root(tmp_path):
    posts = {
        "relative.md": AI_POST.format(link="see [our principles](../site/principles.md)"),
        "route.md": AI_POST.format(link="see [our principles](/principles/)"),
        "none.md": AI_POST.format(link="see [the blog](https://acme.example/blog)"),
    }
    found = check(tmp_path, posts, {"pages": ["site/principles.md"]}, {"site/principles.md": page()}, links={"site_root": "site"})
    assert rules(found) == [("none.md", "proof/missing-proof-link", 3)]
    assert found[0].data["pages"] == "site/principles.md"


def test_a_route_needs_site_root_to_reach_a_repository_page(tmp_path):
    posts = {"route.md": AI_POST.format(link="see [our principles](/principles)")}
    found = check(tmp_path, posts, {"pages": ["site/principles.md"]}, {"site/principles.md": page()})
    assert rules(found) == [("route.md", "proof/missing-proof-link", 3)]


@pytest.mark.parametrize(
    "pages, message",
    [
        (["site/nope.md"], "proof.pages: 'site/nope.md' is not a file in the repository (paths are relative to the config's folder)"),
        (["../outside.md"], "proof.pages: '../outside.md' must be a path inside the project"),
    ],
)
def test_a_repository_page_must_exist_inside_the_project(tmp_path, pages, message):
    (tmp_path / "outside.md").write_text("# Outside\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="^config: " + re.escape(message)):
        check(tmp_path / "repo", {"a.md": "A post.\n"}, {"pages": pages})


def test_a_missing_page_is_exit_2_on_the_command_line(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("A post.\n", encoding="utf-8")
    (tmp_path / ".postcheck.yaml").write_text("proof:\n  pages: [trust.md]\n", encoding="utf-8")
    result = invoke(tmp_path, "check", "--offline", "posts")
    assert result.exit_code == 2 and result.stderr.startswith("postcheck: error: ")
    assert result.stderr.endswith(".postcheck.yaml: proof.pages: 'trust.md' is not a file in the repository (paths are relative to the config's folder)\n")


# -- stale pages in the repository -------------------------------------------------------------


def test_a_stale_repository_page_is_reported_on_every_post_linking_it(tmp_path):
    posts = {
        "a.md": AI_POST.format(link="see [our principles](../site/principles.md)"),
        "b.md": "# B\n\nAn unrelated note; [principles](../site/principles.md) and again [here](../site/principles.md).\n",
        "c.md": "# C\n\nNo link to it.\n",
    }
    found = check(tmp_path, posts, {"pages": ["site/principles.md"]}, {"site/principles.md": page(updated=ago(120), date=ago(400))})
    stale = [f for f in found if f.rule == STALE]
    assert rules(stale) == [("a.md", STALE, 3), ("b.md", STALE, 3)]
    first = next(f for f in stale if f.path == "a.md")
    assert first.severity.value == "warning"
    assert (first.span.start.column, first.span.end.column) == (55, 76)  # the link's destination
    assert first.message == f"The proof page site/principles.md was last updated on {ago(120)}, 120 days ago (proof.max_age_days: 92)."


@pytest.mark.parametrize(
    "front, max_age, stale",
    [
        ({"updated": ago(30)}, 92, False),
        ({"updated": ago(93)}, 92, True),
        ({"updated": ago(92)}, 92, False),
        ({"date": ago(100)}, 92, True),  # no `updated`: its `date`
        ({"updated": ago(30), "date": ago(400)}, 92, False),  # `updated` wins
        ({"updated": ago(30)}, 10, True),
        ({}, 1, False),  # no date: never called stale
        ({"updated": "someday"}, 1, False),
    ],
)
def test_age_of_a_repository_page(tmp_path, front, max_age, stale):
    posts = {"a.md": AI_POST.format(link="see [our principles](../site/principles.md)")}
    found = check(tmp_path, posts, {"pages": ["site/principles.md"], "max_age_days": max_age}, {"site/principles.md": page(**front)})
    assert [f.rule for f in found] == ([STALE] if stale else [])


def test_a_url_page_reached_through_site_root_is_aged_by_its_file(tmp_path):
    posts = {"a.md": AI_POST.format(link="see [how we use AI](/ai-principles)")}
    html = f'<html><head><meta property="article:modified_time" content="{ago(200)}T08:00:00Z"></head><body></body></html>'
    found = check(tmp_path, posts, {"pages": ["https://acme.example/ai-principles"]}, {"site/ai-principles.html": html},
                  links={"site_root": "site"})
    assert [(f.rule, f.data["updated"]) for f in found] == [(STALE, ago(200))]


def test_max_age_days_must_be_positive(tmp_path):
    with pytest.raises(ConfigError, match="proof.max_age_days: must be at least 1"):
        config_module.from_mapping({"proof": {"max_age_days": 0}}, None, root=tmp_path)


# -- stale remote pages, read when the links check fetches them -------------------------------


@pytest.mark.parametrize(
    "route, stale",
    [
        ("/dated/header?day={old}", True),
        ("/dated/pdf?day={old}", True),
        ("/dated/meta?day={old}", True),  # the page's own date wins over a fresh Last-Modified
        ("/dated/jsonld?day={old}", True),
        ("/dated/header?day={new}", False),
        ("/page", False),  # no date at all
    ],
)
def test_a_remote_page_is_aged_when_the_links_check_fetches_it(tmp_path, server, route, stale):
    url = server.url(route.format(old=ago(150), new=ago(5)))
    posts = {"a.md": AI_POST.format(link=f"see [our principles]({url})")}
    found = check(tmp_path, posts, {"pages": [url]}, offline=False, select=("proof", "links"))
    assert [f.rule for f in found] == ([STALE] if stale else [])
    if stale:
        assert found[0].data["updated"] == ago(150) and found[0].data["age"] == 150


def test_no_remote_date_without_the_links_check_or_offline(tmp_path, server):
    url = server.url(f"/dated/header?day={ago(300)}&case=unrequested")
    posts = {"a.md": AI_POST.format(link=f"see [our principles]({url})")}
    before = server.count("/dated/header")
    assert check(tmp_path, posts, {"pages": [url]}, offline=False, select=("proof",)) == []
    assert check(tmp_path, posts, {"pages": [url]}, offline=True, select=("proof", "links")) == []
    assert server.count("/dated/header") == before


def test_the_links_cache_does_not_hide_a_stale_page(tmp_path, server):
    """The cache keeps no dates, so a proof page is requested on every online run."""
    url = server.url(f"/dated/header?day={ago(200)}&case=cached")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(AI_POST.format(link=f"see [principles]({url})"), encoding="utf-8")
    (tmp_path / ".postcheck.yaml").write_text(
        f"proof:\n  pages: ['{url}']\nlinks:\n  allow_private: true\n  timeout: 1\n", encoding="utf-8")
    before = server.count("/dated/header")
    for _ in range(2):
        result = invoke(tmp_path, "check", "--select", "proof,links", "posts")
        assert f"{STALE} [warning]" in result.stdout, result.output
    assert server.count("/dated/header") == before + 2


# -- reading dates ---------------------------------------------------------------------------


def test_last_modified_header():
    assert last_modified("Wed, 15 Jan 2020 10:00:00 GMT") == date(2020, 1, 15)
    assert last_modified("yesterday") is None and last_modified(None) is None and last_modified("") is None


def test_declared_modified_reads_meta_microdata_and_json_ld():
    assert declared_modified('<meta property="article:modified_time" content="2024-03-05T10:00:00+02:00">') == date(2024, 3, 5)
    assert declared_modified('<meta itemprop="dateModified" content="2024-03-06">') == date(2024, 3, 6)
    assert declared_modified('<time itemprop="dateModified" datetime="2024-03-07">7 March</time>') == date(2024, 3, 7)
    script = '<script type="application/ld+json">{"@type":"Article","datePublished":"2020-01-01","dateModified" : "2024-03-08"}</script>'
    assert declared_modified(script) == date(2024, 3, 8)
    assert declared_modified('<p>"dateModified": "2024-03-09"</p>') is None  # prose, not JSON-LD
    assert declared_modified('<meta property="article:modified_time" content="2024-13-45">') is None
    assert declared_modified("<meta content=") is None


def test_declared_modified_is_linear_on_hostile_pages():
    """Every page a proof page links could be hostile: its size, not its shape, sets the time."""
    for hostile in ('<script type="application/ld+json">' + '"dateModified"' + " " * 200_000,
                    "<meta " * 100_000, '"dateModified":"' * 100_000):
        started = time.perf_counter()
        declared_modified(hostile)
        assert time.perf_counter() - started < 2.0
