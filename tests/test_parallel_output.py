"""Worker processes change how fast a run is, never what it says: on real posts (English and
Romanian, the shared corpus) a run with workers prints exactly what a serial run prints."""

from __future__ import annotations

import io
import shutil

import pytest

from conftest import SHARED
from postcheck import config as config_module, formatters, parallel
from postcheck.checks import RunOptions
from postcheck.parallel import Speed
from postcheck.runner import run

POSTS = 60


def real_posts() -> list:
    files = sorted(
        path
        for folder in ("real", "real-ro")
        for path in (SHARED / "corpus" / folder).rglob("*")
        if path.suffix in (".md", ".mdx") and path.name != "SOURCES.md" and not path.name.startswith("_")
    )
    return files[:: max(1, len(files) // POSTS)][:POSTS]


def render(result, name: str) -> str:
    out = io.StringIO()
    formatters.load(name).render(result, out, formatters.Style())
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    posts = real_posts()
    if len(posts) < parallel.SERIAL_BELOW + parallel.WARM_UP + 2:
        pytest.skip(f"the shared corpus is not at {SHARED}")
    root = tmp_path_factory.mktemp("corpus")
    for index, path in enumerate(posts):
        shutil.copyfile(path, root / f"{index:03d}-{path.name}")
    return root


def test_workers_print_what_a_serial_run_prints(corpus, registry):
    config = config_module.from_mapping({}, None, root=corpus)
    serial = run([corpus], config, registry, RunOptions(offline=True), speed=Speed(jobs=1))
    workers = run([corpus], config, registry, RunOptions(offline=True), speed=Speed(jobs=2))
    assert sum(len(report.findings) for report in serial.reports) > 20  # real posts, real findings
    for name in ("json", "text", "sarif"):
        assert render(workers, name) == render(serial, name)


def test_a_small_run_starts_no_workers(tmp_path, registry, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a run below the threshold started workers")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    for index in range(parallel.SERIAL_BELOW - 1):
        (tmp_path / f"post-{index}.md").write_text("We grew 40% last year.\n", encoding="utf-8")
    config = config_module.from_mapping({}, None, root=tmp_path)
    result = run([tmp_path], config, registry, RunOptions(offline=True), speed=Speed(jobs=8))
    assert all(report.findings for report in result.reports)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="a local function reaches workers only by fork")
def test_a_dead_worker_leaves_the_run_to_this_process():
    def square(item, state):
        if item == 30 and parallel._WORKER:  # only in a worker
            import os

            os._exit(1)
        return item * item + state

    items = list(range(parallel.SERIAL_BELOW + 20))
    assert parallel.process_map(square, items, 1, jobs=2) == [i * i + 1 for i in items]
