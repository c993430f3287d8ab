"""Writes that lose nothing (issue 14), with real processes: ``fix`` while an editor saves
the same posts, ``fix`` and ``incidents add`` killed with SIGKILL at random moments,
concurrent ``incidents add``, symlinked and read-only posts."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postcheck.incidents import ledger

POSTCHECK = [sys.executable, "-m", "postcheck"]
CONFIG = "utm:\n  domains: [acme.example]\n"
POST = "---\nchannel: linkedin\ncampaign: launch\n---\nRead [the notes](https://acme.example/notes) today.\n"
FIXED = POST.replace("notes)", "notes?utm_source=linkedin&utm_medium=social&utm_campaign=launch)")
EDIT = "\nAn edit saved by the writer.\n"
EDITOR = """
import sys
for name in sys.argv[1:]:
    with open(name, "a") as handle:  # an editor that saves in place
        handle.write({edit!r})
""".format(edit=EDIT)


def project(root: Path, posts: int) -> list[Path]:
    (root / "posts").mkdir(parents=True)
    (root / ".postcheck.yaml").write_text(CONFIG)
    paths = []
    for index in range(posts):
        path = root / "posts" / f"post-{index:03d}.md"
        path.write_text(POST)
        paths.append(path)
    return paths


def fix(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*POSTCHECK, "fix", *args], cwd=root, capture_output=True, text=True, timeout=120)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_fix_never_overwrites_an_edit_saved_while_it_runs(tmp_path):
    """Two rounds of ``fix`` on 100 posts; as soon as it has written its first post, another
    process saves an edit to every post, last ones first. Every edit must survive: a post
    is fixed with the edit, or left with the edit and reported as changed."""
    lost = refused = 0
    for round_number in range(2):
        root = tmp_path / f"round-{round_number}"
        paths = project(root, 100)
        fixer = subprocess.Popen([*POSTCHECK, "fix"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while paths[0].read_text() != FIXED and time.monotonic() < deadline:
            time.sleep(0.001)
        subprocess.run([sys.executable, "-c", EDITOR, *map(str, reversed(paths))], check=True, timeout=60)
        out, err = fixer.communicate(timeout=120)
        for path in paths:
            text = path.read_text()
            lost += EDIT not in text
            assert text in (POST + EDIT, FIXED + EDIT), text
        refused += err.count("changed since it was read")
        assert "Traceback" not in err
    assert lost == 0, f"{lost} edits lost"
    assert refused > 0  # the race did happen, and fix said so instead of writing


def test_fix_refuses_a_post_changed_after_it_was_parsed(tmp_path, monkeypatch):
    """The same, made certain: the file changes between the parse and the write."""
    from click.testing import CliRunner

    from postcheck.cli import main
    from postcheck.commands import fix as fix_command

    paths = project(tmp_path, 1)
    real_plan = fix_command.plan

    def plan_then_edit(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        with paths[0].open("a") as handle:
            handle.write(EDIT)
        return planned

    monkeypatch.setattr(fix_command, "plan", plan_then_edit)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["fix"])
    assert result.exit_code == 1
    assert "post-000.md: not fixed: the file changed since it was read; run the command again" in result.output
    assert paths[0].read_text() == POST + EDIT


def test_fix_writes_through_a_symlink(tmp_path):
    paths = project(tmp_path, 1)
    (tmp_path / "drafts").mkdir()
    target = tmp_path / "drafts" / "real.md"
    paths[0].rename(target)
    paths[0].symlink_to(os.path.relpath(target, paths[0].parent))
    result = fix(tmp_path)
    assert result.returncode == 0 and "Fixed 1 link in 1 file." in result.stdout
    assert paths[0].is_symlink() and target.read_text() == FIXED


def test_fix_refuses_a_read_only_post(tmp_path):
    paths = project(tmp_path, 2)
    paths[0].chmod(0o444)
    result = fix(tmp_path)
    assert result.returncode == 1
    assert "post-000.md: not fixed: the file is read-only (make it writable to fix it)" in result.stderr
    assert paths[0].read_text() == POST and paths[1].read_text() == FIXED
    assert result.stderr.count("\n") == 1  # one line


def test_fix_killed_at_random_moments_leaves_whole_files_and_the_next_run_cleans_up(tmp_path):
    """SIGKILL ``fix`` at random moments, 8 times: every post is always either as it was or
    fully fixed, and the next complete run removes the temporary files the kills left."""
    paths = project(tmp_path, 40)
    rng = random.Random(14)
    for _ in range(8):
        for path in paths:
            path.write_text(POST)
        process = subprocess.Popen([*POSTCHECK, "fix"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in paths:
            assert path.read_text() in (POST, FIXED)
    leftovers = temporaries(tmp_path / "posts")
    result = fix(tmp_path)
    assert result.returncode == 0
    assert temporaries(tmp_path / "posts") == [] and all(p.read_text() == FIXED for p in paths), leftovers


def test_temporary_files_of_a_running_process_are_left_alone(tmp_path):
    paths = project(tmp_path, 1)
    mine = tmp_path / "posts" / f".post-000.md.{os.getpid()}.abc.postcheck-tmp"
    dead = tmp_path / "posts" / ".post-000.md.999999999.abc.postcheck-tmp"
    mine.write_text("in use")
    dead.write_text("left by a killed run")
    fix(tmp_path)
    assert mine.exists() and not dead.exists() and paths[0].read_text() == FIXED


def add(root: Path, index: int) -> subprocess.Popen[str]:
    args = ["incidents", "add", "--post", f"posts/p{index}.md", "--action", "edited", "--family", "claims", "--date", "2026-05-02"]
    return subprocess.Popen([*POSTCHECK, *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_incident_adds_all_land(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("incidents:\n  ledger: incidents.yaml\n")
    processes = [add(tmp_path, index) for index in range(6)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in processes]
    assert all(code == 0 for code, _ in results), results
    entries = ledger.load(tmp_path / "incidents.yaml")
    assert sorted(e.post for e in entries) == sorted(f"posts/p{i}.md" for i in range(6))
    assert temporaries(tmp_path) == [".postcheck.yaml"]


def test_incident_add_killed_at_random_moments_keeps_a_readable_ledger(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("incidents:\n  ledger: incidents.yaml\n")
    rng = random.Random(14)
    count = 0
    for index in range(8):
        process = add(tmp_path, index)
        time.sleep(rng.uniform(0.1, 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
        entries = ledger.load(tmp_path / "incidents.yaml") if (tmp_path / "incidents.yaml").exists() else []
        assert len(entries) in (count, count + 1)  # the old ledger or the new one, never half
        count = len(entries)
    final = add(tmp_path, 99)
    assert final.wait(timeout=120) == 0
    assert len(ledger.load(tmp_path / "incidents.yaml")) == count + 1
    assert temporaries(tmp_path) == [".postcheck.yaml"]


def test_an_edit_saved_into_the_replaced_file_is_put_back(tmp_path):
    """The race the test above can only hit by chance, made certain: an editor opened the
    post before ``fix`` renamed its copy over it, and saves after. The edit went into the
    replaced file; settling the run puts it back and says the fix was undone."""
    from postcheck.edits import Replaced, write_atomic

    post = tmp_path / "post.md"
    post.write_bytes(b"old\n")
    editor = open(post, "ab")  # noqa: SIM115 - an editor holding the file open
    replaced = Replaced()
    write_atomic(post, b"fixed\n", expected=b"old\n", replaced=replaced)
    assert post.read_bytes() == b"fixed\n"
    editor.write(b"edit\n")
    editor.close()
    assert replaced.settle() == {post}
    assert post.read_bytes() == b"old\nedit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
