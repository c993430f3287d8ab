"""Requests start while posts are still being parsed (the runner hands each post to the links
check as it arrives): the output is the same as when every post is parsed first, a failure of
the requests' thread is a finding rather than a hang, and no thread exists when the worker
processes are forked. Against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import time

from postcheck import config as config_module
from postcheck import runner
from postcheck.checks import RunOptions
from postcheck.checks.links.schedule import Schedule
from postcheck.discover import collect
from postcheck.parallel import SERIAL_BELOW, Speed, process_map
from postcheck.runner import check_documents, enabled_rules, parse_targets, run_targets
from support.links import FAST, REGISTRY, post, server  # noqa: F401 - server is a fixture

POSTS = SERIAL_BELOW + 6


def write_posts(root, server) -> None:
    """Posts that share URLs, and one that needs a page's anchors only a later post asks for."""
    for number in range(POSTS):
        urls = [server.url(f"/ok/s{number}"), server.url(f"/status/404?s={number % 7}"), server.url("/page/shared")]
        if number == POSTS - 1:
            urls += [server.url("/page/shared#gone"), server.url("/page/shared#intro")]
        (root / f"post-{number:02}.md").write_text(post(*urls), encoding="utf-8")


def streamed_and_not(root, jobs: int):
    config = config_module.from_mapping({"links": {**FAST, "cache": False}}, None, root=root)
    targets = collect([root], config, [])
    streamed = run_targets(targets, config, REGISTRY, RunOptions(), ["links"], speed=Speed(jobs=jobs))
    enabled = enabled_rules(REGISTRY, config, ["links"])
    whole = check_documents(parse_targets(targets, config), config, REGISTRY, enabled, RunOptions())
    return streamed, whole


def findings(result) -> list[tuple]:
    return [(f.path, f.span.start.line, f.span.start.column, f.rule, f.message) for r in result.reports for f in r.findings]


def test_streamed_run_reports_exactly_what_a_run_that_parses_first_reports(tmp_path, server):
    write_posts(tmp_path, server)
    for jobs in (1, 2):  # in this process, and with worker processes
        streamed, whole = streamed_and_not(tmp_path, jobs)
        assert findings(streamed) == findings(whole)
        rules = [rule for *_, rule, _ in findings(streamed)]
        assert rules.count("links/broken") == POSTS and rules.count("links/missing-anchor") == 1


def test_requests_leave_before_the_last_post_is_parsed(tmp_path, server, monkeypatch):
    write_posts(tmp_path, server)
    parsed: list[float] = []
    real = runner.parse_targets

    def slow_parse(targets, config):
        time.sleep(0.02)  # a post that takes a while to parse
        parsed.append(time.monotonic())
        return real(targets, config)

    monkeypatch.setattr(runner, "parse_targets", slow_parse)
    config = config_module.from_mapping({"links": {**FAST, "cache": False}}, None, root=tmp_path)
    run_targets(collect([tmp_path], config, []), config, REGISTRY, RunOptions(), ["links"], speed=Speed(jobs=1))
    first_request = min(server.times[f"/ok/s{n}"][-1] for n in range(POSTS))
    assert first_request < parsed[-1]


def test_a_failure_of_the_requests_thread_is_reported_not_waited_for(tmp_path, server, monkeypatch):
    async def broken(self):
        raise RuntimeError("the loop broke")

    monkeypatch.setattr(Schedule, "run", broken)
    write_posts(tmp_path, server)
    config = config_module.from_mapping({"links": {**FAST, "cache": False}}, None, root=tmp_path)
    started = time.monotonic()
    result = run_targets(collect([tmp_path], config, []), config, REGISTRY, RunOptions(), ["links"], speed=Speed(jobs=1))
    assert time.monotonic() - started < 10
    errors = [f for r in result.reports for f in r.findings if f.rule == "postcheck/check-error"]
    assert len(errors) == POSTS
    assert all("the loop broke" in f.message for f in errors)
    assert {r.verdict for r in result.reports} == {"fail"}


def test_results_arrive_only_once_the_workers_are_started():
    """A thread the links check starts on the first post must not exist when ``fork`` runs."""
    children: list[int] = []
    items = list(range(SERIAL_BELOW + 4))
    results = process_map(_double, items, None, 2, lambda result: children.append(len(multiprocessing.active_children())))
    assert results == [2 * item for item in items]
    assert len(children) == len(items) and children[0] > 0


def _double(item: int, state: object) -> int:
    return 2 * item


def test_a_rerun_the_cache_answers_loads_no_http_client(tmp_path, server):
    """The HTTP client (h11) and asyncio are imported only to send requests: a cold run (no cache yet)
    loads them before any post; a rerun whose links are all cached never does."""
    (tmp_path / "posts").mkdir()
    write_posts(tmp_path / "posts", server)
    config = tmp_path / "links.yaml"
    config.write_text(json.dumps({"links": FAST}), encoding="utf-8")
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['postcheck', 'check', '--select', 'links', '--format', 'json', '--config', {str(config)!r}, 'posts']\n"
        "try:\n    runpy.run_module('postcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('asyncio', 'h11') if m in sys.modules), file=sys.stderr)\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    warm = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert cold.stderr.splitlines()[-1] == "['asyncio', 'h11']"
    assert warm.stderr.splitlines()[-1] == "[]"
    assert len(json.loads(warm.stdout)["files"]) == POSTS
