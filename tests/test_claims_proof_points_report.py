"""`postcheck proof-points`, the register's report, in temporary content repositories: every
entry with its status, owner, evidence and uses, in text, JSON and Markdown; exit 1 when an
expired entry is in use, 2 when there is no register or it is malformed."""

from __future__ import annotations

import json

from support.proof_points import REGISTER, TODAY, day, entry, invoke, make_repo

CLAIM = "Teams cut their weekly reporting time by 40% after the switch.\n"
AD_SPEND = {"en": ["cut (?:their )?ad spend by 30 ?%"]}


def repo(tmp_path, expired_used: bool = True):
    entries = [
        entry(),
        entry(id="ad-spend", claim="Customers cut their ad spend by 30%.", match=AD_SPEND, evidence="evidence/gone.pdf",
              owner="dan", reviewed=day(-400), expires=day(-5 if expired_used else 20)),
        entry(id="uptime", claim="99.9% uptime.", match={"en": ["99[.]9 ?% uptime"]}, evidence="https://acme.example/status",
              owner="ops", expires=None, channels=["blog"]),
        entry(id="soon", claim="Used nowhere.", match={"en": ["nothing like this"]}, expires=day(12)),
    ]
    posts = {
        "a.md": "---\ndate: 2026-01-10\n---\n# A\n\n" + CLAIM,
        "nested/b.md": "Intro.\n\n" + CLAIM + "\nCustomers cut their ad spend by 30% in a quarter.\n",
    }
    return make_repo(tmp_path, entries, posts)


def test_json_lists_every_entry_with_status_owner_evidence_and_uses(tmp_path):
    result = invoke(repo(tmp_path), "proof-points", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["register"] == REGISTER and report["as_of"] == TODAY.isoformat()
    by_id = {e["id"]: e for e in report["entries"]}
    assert [e["id"] for e in report["entries"]] == ["reporting-time", "ad-spend", "uptime", "soon"]
    assert {i: e["status"] for i, e in by_id.items()} == {"reporting-time": "ok", "ad-spend": "expired", "uptime": "unused", "soon": "expiring"}
    assert [(u["post"], u["line"]) for u in by_id["reporting-time"]["uses"]] == [("posts/a.md", 6), ("posts/nested/b.md", 3)]
    assert [(u["post"], u["line"], u["status"]) for u in by_id["ad-spend"]["uses"]] == [("posts/nested/b.md", 5, "expired")]
    assert by_id["ad-spend"]["owner"] == "dan" and by_id["ad-spend"]["evidence_found"] is False
    assert by_id["reporting-time"]["evidence_found"] is True and by_id["uptime"]["evidence_found"] is None
    assert by_id["uptime"]["channels"] == ["blog"] and by_id["uptime"]["expires"] is None
    assert report["summary"] == {"entries": 4, "ok": 1, "expiring": 1, "expired": 1, "unused": 1, "expired_in_use": 1}


def test_text_report_and_exit_code_1_for_an_expired_entry_in_use(tmp_path):
    result = invoke(repo(tmp_path), "proof-points")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"Proof points in {REGISTER} as of {TODAY}: 4 entries (1 ok, 1 expiring, 1 expired, 1 unused; 1 expired in use)"
    assert f"ad-spend        expired   owner: dan  reviewed: {day(-400)}  expires: {day(-5)}" in lines
    assert "  evidence: evidence/gone.pdf (missing)" in lines
    assert "  used in:  posts/a.md:6, posts/nested/b.md:3" in lines
    assert lines[-1] == "Expired and still in use: ad-spend. Renew them (expires) or edit the posts."


def test_markdown_report(tmp_path):
    result = invoke(repo(tmp_path, expired_used=False), "proof-points", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"## Proof points ({REGISTER}, as of {TODAY})\n\n4 entries (1 ok, 2 expiring, 0 expired, 1 unused; 0 expired in use).\n")
    assert "| Proof point | Status | Owner | Reviewed | Expires | Evidence | Used in |" in result.stdout
    assert (f"| **uptime**: 99.9% uptime. | unused | ops | {day(-100)} | – | https://acme.example/status | – |") in result.stdout


def test_no_expired_entry_in_use_is_exit_0_even_with_an_expired_unused_one(tmp_path):
    make_repo(tmp_path, [entry(), entry(id="old", match={"en": ["nothing like this"]}, reviewed=day(-400), expires=day(-1))], {"a.md": CLAIM})
    result = invoke(tmp_path, "proof-points", "--format", "json")
    assert result.exit_code == 0
    assert [e["status"] for e in json.loads(result.stdout)["entries"]] == ["ok", "expired"]


def test_paths_narrow_the_posts_searched_for_uses(tmp_path):
    result = invoke(repo(tmp_path), "proof-points", "--format", "json", "posts/a.md")
    assert result.exit_code == 0  # the expired entry is used only in posts/nested/b.md
    by_id = {e["id"]: e for e in json.loads(result.stdout)["entries"]}
    assert [u["post"] for u in by_id["reporting-time"]["uses"]] == ["posts/a.md"] and by_id["ad-spend"]["uses"] == []


def test_without_a_register_it_is_a_usage_error(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("language: en\n", encoding="utf-8")
    result = invoke(tmp_path, "proof-points")
    assert result.exit_code == 2
    assert result.stderr.startswith("postcheck: error: ") and result.stderr.endswith(
        ".postcheck.yaml: no register: name one with 'proof_points: FILE' (see the README, \"Proof points\")\n")
