"""The proof-point register in `postcheck check`, in temporary content repositories: a claim
an entry matches is substantiated (not unsourced, listed in the JSON), the entry's dates and
channels give findings, its evidence paths are checked, and a malformed register is exit 2
naming the file, the entry and the field."""

from __future__ import annotations

import json

import pytest

from support.proof_points import REGISTER, day, entry, invoke, make_repo

CLAIM = "Teams cut their weekly reporting time by 40% after the switch.\n"


def post(text: str = CLAIM, **front: str) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{head}---\n{text}" if front else text


def check_json(root) -> dict:
    result = invoke(root, "check", "--offline", "--format", "json", "posts")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def findings(root, path: str = "a.md") -> list[tuple[str, int, int]]:
    document = check_json(root)
    (found,) = [f for f in document["files"] if f["path"] == path]
    return [(f["rule"], f["line"], f["column"]) for f in found["findings"] if f["rule"].startswith("claims/")]


def test_a_claim_an_entry_matches_is_substantiated_and_listed(tmp_path):
    make_repo(tmp_path, [entry()], {"a.md": post(date=day(0), channel="blog")})
    document = check_json(tmp_path)
    (only,) = document["files"]
    assert only["findings"] == []
    (use,) = only["substantiated"]
    assert (use["id"], use["status"], use["rule"], use["line"], use["column"], use["excerpt"]) == (
        "reporting-time", "ok", "claims/unsourced-statistic", 5, 42, "40%")
    assert use["claim"] == "Teams cut their weekly reporting time by 40%."


def test_without_a_matching_entry_the_claim_stays_unsourced(tmp_path):
    make_repo(tmp_path, [entry(match={"en": ["churn by 12 ?%"]})], {"a.md": post()})
    assert findings(tmp_path) == [("claims/unsourced-statistic", 1, 42)]
    assert check_json(tmp_path)["files"][0]["substantiated"] == []


def test_a_sourced_claim_is_not_a_use(tmp_path):
    text = "Teams cut their weekly reporting time by 40% ([study](https://acme.example/study)).\n"
    make_repo(tmp_path, [entry()], {"a.md": post(text)})
    assert check_json(tmp_path)["files"][0]["substantiated"] == []


@pytest.mark.parametrize(
    "expires, front, expected",
    [
        ("2026-03-31", {"date": "2026-04-01"}, [("claims/expired-proof-point", 4, 42)]),
        ("2026-03-31", {"date": "2026-03-31"}, [("claims/proof-point-expiring", 4, 42)]),  # valid through its day
        ("2026-03-31", {"date": "2026-03-01"}, [("claims/proof-point-expiring", 4, 42)]),  # 30 days
        ("2026-03-31", {"date": "2026-02-28"}, []),  # 31 days
        (day(-1), {}, [("claims/expired-proof-point", 1, 42)]),  # undated: judged today
        (day(10), {}, [("claims/proof-point-expiring", 1, 42)]),
        (day(31), {}, []),
    ],
)
def test_dates_are_judged_on_the_post_date_or_today(tmp_path, expires, front, expected):
    make_repo(tmp_path, [entry(reviewed="2025-01-01", expires=expires)], {"a.md": post(**front)})
    assert findings(tmp_path) == expected


def test_expired_message_names_entry_dates_owner_and_register(tmp_path):
    make_repo(tmp_path, [entry(reviewed="2025-01-01", expires="2026-03-31")], {"a.md": post(date="2026-05-04")})
    (finding,) = check_json(tmp_path)["files"][0]["findings"]
    assert finding["severity"] == "error"
    assert finding["message"] == ("Claim rests on proof point 'reporting-time', which expired on 2026-03-31 "
                                  "(the post is judged on 2026-05-04): '40%'.")
    assert finding["fix"] == f"Ask legal@acme.example to review proof point 'reporting-time' and move its `expires` in {REGISTER}, or remove the claim."
    assert check_json(tmp_path)["files"][0]["substantiated"][0]["status"] == "expired"


def test_expiring_is_info_with_the_days_left(tmp_path):
    make_repo(tmp_path, [entry(reviewed="2025-01-01", expires="2026-03-31")], {"a.md": post(date="2026-03-20")})
    (finding,) = check_json(tmp_path)["files"][0]["findings"]
    assert finding["severity"] == "info" and "expires on 2026-03-31, 11 days after 2026-03-20" in finding["message"]


@pytest.mark.parametrize(
    "channel, expected",
    [("x", ["claims/proof-point-channel"]), ("LinkedIn", []), ("blog", []), (None, [])],
)
def test_channel_must_be_one_the_entry_allows(tmp_path, channel, expected):
    front = {"channel": channel} if channel else {}
    make_repo(tmp_path, [entry(channels=["blog", "linkedin"])], {"a.md": post(**front)})
    assert [rule for rule, _, _ in findings(tmp_path)] == expected


def test_channel_message(tmp_path):
    make_repo(tmp_path, [entry(channels=["blog", "newsletter"])], {"a.md": post(channel="x")})
    (finding,) = check_json(tmp_path)["files"][0]["findings"]
    assert finding["severity"] == "warning"
    assert finding["message"] == "Proof point 'reporting-time' is approved for blog, newsletter, not for x: '40%'."


def test_a_valid_entry_wins_over_an_expired_one_and_allowed_channel_over_another(tmp_path):
    entries = [
        entry(id="old", reviewed="2024-01-01", expires="2025-01-01"),
        entry(id="wrong-channel", channels=["blog"]),
        entry(id="current", channels=["x"]),
    ]
    make_repo(tmp_path, entries, {"a.md": post(channel="x")})
    document = check_json(tmp_path)
    assert document["files"][0]["findings"] == []
    assert [u["id"] for u in document["files"][0]["substantiated"]] == ["current"]


def test_one_sentence_with_several_claims_is_one_use_and_one_finding(tmp_path):
    text = "Studies show teams cut their weekly reporting time by 40% and grow 3x faster than the rest.\n"
    make_repo(tmp_path, [entry(match={"en": ["weekly reporting time"]}, reviewed="2024-01-01", expires="2025-01-01")], {"a.md": post(text)})
    document = check_json(tmp_path)
    assert [f["rule"] for f in document["files"][0]["findings"]] == ["claims/expired-proof-point"]
    assert len(document["files"][0]["substantiated"]) == 1


def test_patterns_are_the_packs_patterns(tmp_path):
    """Whole words, folded Romanian diacritics, flexible spaces: the phrase engine's compile."""
    ro = "---\nlang: ro\n---\nEchipele și-au redus timpul de raportare cu 40% după schimbare.\n"
    make_repo(tmp_path, [entry(match={"ro": ["timpul de raportare cu 40 ?%"]})], {"a.md": ro, "b.md": post("Teams cut their weekly reporting time by 140% now.\n")})
    document = check_json(tmp_path)
    by_path = {f["path"]: f for f in document["files"]}
    assert by_path["a.md"]["findings"] == [] and by_path["a.md"]["substantiated"][0]["id"] == "reporting-time"
    assert [f["rule"] for f in by_path["b.md"]["findings"]] == ["claims/unsourced-statistic"]  # 140% is not 40%


def test_missing_evidence_is_a_finding_on_the_register_line(tmp_path):
    make_repo(tmp_path, [entry(), entry(id="gone", evidence="evidence/gone.pdf")], {"a.md": post()})
    assert (tmp_path / REGISTER).read_text(encoding="utf-8").splitlines()[18] == "  evidence: evidence/gone.pdf"
    result = invoke(tmp_path, "check", "--offline", "posts")
    assert result.exit_code == 1
    assert (f"{REGISTER}:19:13: claims/missing-evidence [error] The evidence of proof point 'gone' is missing: "
            "evidence/gone.pdf does not exist in the repository.") in result.stdout
    document = check_json(tmp_path)
    register = next(f for f in document["files"] if f["path"] == REGISTER)
    assert [(f["rule"], f["line"]) for f in register["findings"]] == [("claims/missing-evidence", 19)]
    assert {r["family"]: r["status"] for r in register["checklist"]} == {
        "claims": "fail", "utm": "skipped", "links": "pass", "proof": "skipped", "deceptive": "skipped"}


def test_a_register_without_findings_is_not_listed(tmp_path):
    make_repo(tmp_path, [entry(evidence="https://acme.example/study")], {"a.md": post()})
    assert [f["path"] for f in check_json(tmp_path)["files"]] == ["a.md"]


def test_a_finding_can_be_turned_off_like_any_rule(tmp_path):
    make_repo(tmp_path, [entry(reviewed="2024-01-01", expires="2025-01-01")], {"a.md": post()},
              config={"rules": {"claims/expired-proof-point": {"enabled": False}}})
    assert findings(tmp_path) == []


@pytest.mark.parametrize(
    "register, message",
    [
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n  expire: 2026-01-01\n",
         f"{REGISTER}:7: entry 1 ('x'): expire: unknown field (known: id, claim, match, evidence, owner, reviewed, expires, channels)"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: soon\n",
         f"{REGISTER}:6: entry 1 ('x'): reviewed: expected a date YYYY-MM-DD, got 'soon'"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-13-01\n",
         f"{REGISTER}:6: entry 1 ('x'): reviewed: not a valid value: month must be in 1..12"),
        ("- id: ok\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n"
         "- id: x\n  claim: c\n  match: {en: ['(a']}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:9: entry 2 ('x'): match.en: bad pattern '(a'"),
        ("- id: x\n  claim: c\n  match: {fr: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:3: entry 1 ('x'): match.fr: unknown language (one of en, ro)"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: ../../etc/passwd\n  owner: o\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:4: entry 1 ('x'): evidence: a path must be relative to the config's folder and stay inside it"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: javascript:alert(1)\n  owner: o\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:4: entry 1 ('x'): evidence: expected an http(s) URL or a path in the repository"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n  expires: 2024-01-01\n",
         f"{REGISTER}:7: entry 1 ('x'): expires: 2024-01-01 is before reviewed (2025-01-01)"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  owner: o\n  reviewed: 2025-01-01\n", f"{REGISTER}:1: entry 1 ('x'): evidence: missing"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: ''\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:5: entry 1 ('x'): owner: expected non-empty text, got ''"),
        ("- id: x\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n  channels: x\n",
         f"{REGISTER}:7: entry 1 ('x'): channels: expected a non-empty list of channels"),
        ("- id: x\n  id: y\n", f"{REGISTER}:2: entry 1 ('x'): id: given twice"),
        ("- id: has space\n  claim: c\n  match: {en: [a]}\n  evidence: e.md\n  owner: o\n  reviewed: 2025-01-01\n",
         f"{REGISTER}:1: entry 1: id: expected a short name"),
        ("- {id: x, claim: c, match: {en: [a]}, evidence: e.md, owner: o, reviewed: 2025-01-01}\n"
         "- {id: x, claim: c, match: {en: [a]}, evidence: e.md, owner: o, reviewed: 2025-01-01}\n",
         f"{REGISTER}:2: entry 2 ('x'): id: already used by the entry on line 1"),
        ("id: x\n", f"{REGISTER}: the register must be a list of entries"),
        ("- [unclosed\n", f"{REGISTER}:2: invalid YAML"),
    ],
)
def test_a_malformed_register_is_exit_2_naming_file_entry_and_field(tmp_path, register, message):
    make_repo(tmp_path, register, {"a.md": post()})
    for command in (["check", "--offline", "posts"], ["proof-points"]):
        result = invoke(tmp_path, *command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"postcheck: error: {message}"), result.stderr
        assert result.stdout == ""


def test_a_deeply_nested_register_is_one_line_not_a_traceback(tmp_path):
    make_repo(tmp_path, "[" * 3000, {"a.md": post()})
    result = invoke(tmp_path, "check", "--offline", "posts")
    assert result.exit_code == 2 and result.stderr.startswith(f"postcheck: error: {REGISTER}")
    assert "nest" in result.stderr and result.stderr.count("\n") == 1


def test_the_register_must_be_inside_the_project(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: x\n", encoding="utf-8")
    repo = make_repo(tmp_path / "repo", [entry()], {"a.md": post()})
    (repo / ".postcheck.yaml").write_text("proof_points: ../outside.yaml\n", encoding="utf-8")
    result = invoke(repo, "check", "--offline", "posts")
    assert result.exit_code == 2 and "proof_points must name a file inside the project" in result.stderr
    (repo / ".postcheck.yaml").write_text("proof_points: nowhere.yaml\n", encoding="utf-8")
    result = invoke(repo, "check", "--offline", "posts")
    assert result.exit_code == 2 and result.stderr == "postcheck: error: nowhere.yaml: proof_points: no such file\n"


def test_an_empty_register_substantiates_nothing(tmp_path):
    make_repo(tmp_path, "# no entries yet\n", {"a.md": post()})
    assert findings(tmp_path) == [("claims/unsourced-statistic", 1, 42)]
