"""The whole-run record: a warm run over unchanged files prints exactly what it printed before,
and any change that could change the output (a post, a linked file, a missing file that
appears, the config, a new post or config) makes the run check again, printing what a
``--no-cache`` run prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from postcheck import cachefiles, runrecord
from postcheck.cli import main

CLAIM = (
    "---\ntitle: Launch\ndate: 2026-01-10\n---\nOur app is 3x faster than the competition.\n\n"
    "See [the guide](../docs/guide.md#setup), [the notes](../docs/notes.md) and [the FAQ](faq/).\n"
)
CALM = "---\ntitle: Calm\ndate: 2026-01-10\n---\nA calm note about the reports page.\n"
GUIDE = "# Guide\n\n## Setup\n\nInstall it.\n"
ARGS = ["check", "--offline", "posts"]
#: How old the files must be for a separate process to record a run.
RACY_SECONDS = runrecord.RACY_NS / 1e9


@pytest.fixture
def project(tmp_path, tmp_path_factory, monkeypatch):
    """A project the tests may change at once (no file is too recent to be trusted), and a
    user cache of its own."""
    monkeypatch.setattr(runrecord, "RACY_NS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    (tmp_path / "posts").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "posts" / "a.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "posts" / "b.md").write_text(CALM, encoding="utf-8")
    (tmp_path / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / ".postcheck.yaml").write_text("language: en\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*extra: str) -> tuple[int, str]:
    """The command, run in full (and recorded when it may be replayed)."""
    result = CliRunner().invoke(main, [*ARGS, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def replayed(args: list[str] = ARGS) -> tuple[int | None, str]:
    """What the entry point prints from the record alone (None: it would run the command)."""
    runner = CliRunner()
    with runner.isolation() as (_, _, output):
        code = runrecord.replay(args, sys.stdout, sys.stderr)
    return code, output.getvalue().decode("utf-8")


def records() -> list[Path]:
    folder = cachefiles.user_folder() / runrecord.FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_an_unchanged_run_is_replayed_as_it_was_printed(project):
    first = invoke()
    assert first[0] == 1 and "claims/" in first[1] and "links/" in first[1]
    assert replayed() == first
    assert replayed() == invoke("--no-cache")


def _edit_post(root: Path) -> None:
    (root / "posts" / "b.md").write_text(CALM.replace("calm", "quiet"), encoding="utf-8")


def _touch_linked(root: Path) -> None:
    os.utime(root / "docs" / "guide.md")


def _delete_linked(root: Path) -> None:
    (root / "docs" / "guide.md").unlink()


def _create_missing_link_target(root: Path) -> None:
    (root / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")


def _create_route_target(root: Path) -> None:
    (root / "posts" / "faq.md").write_text(CALM, encoding="utf-8")


def _change_config(root: Path) -> None:
    (root / ".postcheck.yaml").write_text("language: en\nrules:\n  claims: {enabled: false}\n", encoding="utf-8")


def _add_post(root: Path) -> None:
    (root / "posts" / "c.md").write_text(CLAIM, encoding="utf-8")


def _nearer_config(root: Path) -> None:
    (root / "posts" / ".postcheck.yaml").write_text("language: en\nrules:\n  links: {enabled: false}\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [_edit_post, _touch_linked, _delete_linked, _create_missing_link_target, _create_route_target, _change_config, _add_post, _nearer_config],
)
def test_a_change_that_could_change_the_output_is_checked_again(project, change: Callable[[Path], None]):
    first = invoke()
    assert replayed() == first
    change(project)
    assert replayed() == (None, "")
    again = invoke()
    assert again == invoke("--no-cache")
    # Recorded again (by the next run when this one created a cache folder in a folder it listed).
    assert replayed() == again or (invoke() == again and replayed() == again)


def test_a_run_where_a_file_just_changed_is_not_recorded(project, monkeypatch):
    """File times tick coarsely: a file written just before the run could change again and
    keep its times, so such a run is not replayed."""
    monkeypatch.setattr(runrecord, "RACY_NS", 60 * 10**9)
    invoke()
    assert records() == [] and replayed() == (None, "")


@pytest.mark.parametrize(
    "extra",
    [["--no-cache"], ["--output", "report.json", "--format", "json"], ["--changed-since", "HEAD"]],
)
def test_runs_whose_output_depends_on_more_than_the_files_are_not_recorded(project, extra):
    invoke(*extra)
    assert records() == []
    assert replayed([*ARGS, *extra]) == (None, "")


def test_an_online_run_is_not_recorded(project):
    CliRunner().invoke(main, ["check", "posts"])
    assert records() == []


def test_a_run_that_reads_a_links_cache_is_not_recorded(project):
    """Offline, remote links are answered from the links cache, whose answers age."""
    folder = project / ".postcheck_cache"
    folder.mkdir()
    (folder / "links.sqlite3").write_bytes(b"")
    invoke()
    assert records() == []


def test_a_corrupt_record_is_a_miss_and_is_written_again(project):
    first = invoke()
    (record,) = records()
    for damaged in ("", "{", json.dumps({"key": 1}), record.read_text(encoding="utf-8")[:-9]):
        record.write_text(damaged, encoding="utf-8")
        assert replayed() == (None, "")
    assert invoke() == first
    assert replayed() == first


def test_a_record_made_with_another_secret_never_matches(project):
    """Records are keyed by a secret of the user's cache (readable by the user only): a record
    committed into a project, or copied from another machine, whose key anyone could otherwise
    compute (the command, the folder, the environment) is never trusted."""
    first = invoke()
    secret = cachefiles.user_folder() / cachefiles.SECRET
    assert secret.stat().st_mode & 0o077 == 0
    secret.write_text(os.urandom(32).hex(), encoding="ascii")
    assert replayed() == (None, "")
    assert invoke() == first
    assert replayed() == first


def test_the_entry_point_replays_without_importing_click_or_the_checks(project):
    """A whole process: the second run is answered before click, the config, the rules or
    any check is imported, and prints the same bytes."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['postcheck', {', '.join(map(repr, ARGS))}]\n"
        "try:\n    runpy.run_module('postcheck', run_name='__main__')\n"
        "except SystemExit as done:\n    code = done.code\n"
        "loaded = sorted(m for m in sys.modules if m in ('click', 'spacy', 'yaml') or m.startswith('postcheck.checks'))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    time.sleep(RACY_SECONDS + 0.1)
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, timeout=300) for _ in range(2)]
    assert runs[1].stdout == runs[0].stdout and "claims/" in runs[0].stdout
    assert runs[0].stderr.splitlines()[-1].startswith("1 ['click'")
    assert runs[1].stderr.splitlines()[-1] == "1 []"


def test_the_user_cache_keeps_the_newest_records_only(project, monkeypatch):
    """Every distinct command line leaves a record; past :data:`~postcheck.runrecord.KEEP` of
    them the least recently written go, and the newest still replays."""
    monkeypatch.setattr(runrecord, "KEEP", 2)
    formats = ["text", "json", "sarif"]
    for fmt in formats:
        invoke("--format", fmt)
    assert len(list((cachefiles.user_folder() / runrecord.FOLDER).glob("*.json"))) == 2
    assert replayed([*ARGS, "--format", "sarif"])[0] == 1
