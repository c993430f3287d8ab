"""The proof-point register with the results cache and worker processes: a cached post's
result follows the register (its content is part of the key), and a run with workers says
exactly what a serial run says, substantiated claims included."""

from __future__ import annotations

import io
import json

import yaml

from postcheck import cache, config as config_module, formatters, parallel
from postcheck.checks import RunOptions
from postcheck.parallel import Speed
from postcheck.runner import run
from support.parses import count_parses
from support.proof_points import REGISTER, day, entry, make_repo

DATED = "---\ndate: {date}\n---\nTeams cut their weekly reporting time by 40% after the switch.\n"
UNDATED = "Teams cut their weekly reporting time by 40% after the switch.\n"


def check(root, registry, jobs: int = 1, select: tuple[str, ...] = ()):
    config = config_module.load(root / ".postcheck.yaml")
    speed = Speed(jobs=jobs, cache_folder=root / ".postcheck_cache")
    return run([root / "posts"], config, registry, RunOptions(offline=True), select, speed=speed)


def write_register(root, entries: list[dict]) -> None:
    """Rewrite the register alone (the posts keep their content, inode and mtime)."""
    (root / REGISTER).write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")


def as_json(result) -> dict:
    out = io.StringIO()
    formatters.load("json").render(result, out, formatters.Style())
    return json.loads(out.getvalue())


def summary(result) -> dict[str, tuple[list[str], list[str]]]:
    """Post → (its findings' rules, the register ids its substantiated claims rest on)."""
    return {f["path"]: ([x["rule"] for x in f["findings"]], [s["id"] for s in f["substantiated"]]) for f in as_json(result)["files"]}


def test_a_warm_run_keeps_the_substantiated_claims(tmp_path, registry, monkeypatch):
    make_repo(tmp_path, [entry()], {"a.md": DATED.format(date=day(-1))})
    first = check(tmp_path, registry)
    parses = count_parses(monkeypatch)
    second = check(tmp_path, registry)
    assert parses == []
    assert as_json(second) == as_json(first)
    assert summary(second) == {"a.md": ([], ["reporting-time"])}


def test_an_edited_register_checks_the_posts_again(tmp_path, registry, monkeypatch):
    make_repo(tmp_path, [entry()], {"a.md": DATED.format(date=day(-1))})
    assert summary(check(tmp_path, registry)) == {"a.md": ([], ["reporting-time"])}
    write_register(tmp_path, [entry(reviewed=day(-300), expires=day(-30))])
    parses = count_parses(monkeypatch)
    assert summary(check(tmp_path, registry)) == {"a.md": (["claims/expired-proof-point"], ["reporting-time"])}
    assert parses == ["a.md"]
    write_register(tmp_path, [entry(match={"en": ["something else entirely"]})])
    assert summary(check(tmp_path, registry)) == {"a.md": (["claims/unsourced-statistic"], [])}


def test_an_undated_post_resting_on_the_register_is_judged_again_the_next_day(tmp_path, registry, monkeypatch):
    make_repo(tmp_path, [entry()], {"a.md": DATED.format(date=day(-1)), "b.md": UNDATED})
    claims = ("claims",)  # no rule with an effective date: only the register makes the day matter
    assert not any(rule.effective for rule in registry.rules.values() if rule.family == "claims")
    check(tmp_path, registry, select=claims)
    monkeypatch.setattr(cache, "_today", lambda: "2999-01-01")
    parses = count_parses(monkeypatch)
    check(tmp_path, registry, select=claims)
    assert parses == ["b.md"]  # a.md is judged on its own date


def test_workers_print_what_a_serial_run_prints_with_a_register(tmp_path, registry):
    count = parallel.SERIAL_BELOW + parallel.WARM_UP + 2
    posts = {f"{n:02d}.md": DATED.format(date=day(-n)) for n in range(count)}
    posts["channel.md"] = f"---\ndate: {day(-1)}\nchannel: tiktok\n---\nTeams cut their weekly reporting time by 40% after the switch.\n"
    make_repo(tmp_path, [entry(channels=["blog"]), entry(id="old", reviewed=day(-300), expires=day(-20))], posts)
    serial = as_json(run([tmp_path / "posts"], config_module.load(tmp_path / ".postcheck.yaml"), registry, RunOptions(offline=True)))
    workers = as_json(check(tmp_path, registry, jobs=2))
    assert workers == serial
    assert all(f["substantiated"] for f in serial["files"])
    assert any(x["rule"] == "claims/proof-point-channel" for f in serial["files"] for x in f["findings"])
    assert REGISTER not in {f["path"] for f in serial["files"]}
