"""The baseline, as a team adopting postcheck uses it: on a real git repository, write the
baseline, keep editing the posts, and only new problems fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.gitrepo import commit, git, init, write

from postcheck.cli import main

OLD_POST = (
    "---\nlang: en\ntitle: Spring offer\n---\n"
    "Our clients see guaranteed results.\n\n"
    "Revenue grew 42% last year.\n"
)


def postcheck(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def findings(result) -> list[tuple[str, int]]:
    data = json.loads(result.stdout)
    return [(f["rule"], f["line"]) for file in data["files"] for f in file["findings"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = init(tmp_path / "content")
    write(root, "posts/spring.md", OLD_POST)
    write(root, "posts/calm.md", "---\nlang: en\n---\nA calm, accurate post.\n")
    write(root, ".postcheck.yaml", "language: en\n")
    commit(root, "Posts published before postcheck")
    monkeypatch.chdir(root)
    return root


def test_only_the_new_problem_fails_after_edits_above_the_old_ones(repo: Path) -> None:
    before = postcheck("check", "--offline", "--format", "json")
    assert before.exit_code == 1 and len(findings(before)) == 2

    written = postcheck("baseline", "--offline")
    assert written.exit_code == 0, written.output
    assert written.stdout == ".postcheck-baseline.json: 2 entries (2 added, 0 dropped).\n"
    commit(repo, "Accept the existing findings")
    assert "?? " not in git(repo, "status", "--porcelain")

    edited = OLD_POST.replace("---\nOur", "---\nA new opening paragraph.\n\nAnd another one.\n\nOur")
    edited += "\nAnd we promise guaranteed results to every new client.\n"
    write(repo, "posts/spring.md", edited)

    after = postcheck("check", "--offline", "--format", "json")
    assert after.exit_code == 1
    assert findings(after) == [("deceptive/guaranteed-results", 13)]
    report = json.loads(after.stdout)
    spring = next(f for f in report["files"] if f["path"] == "posts/spring.md")
    assert [(f["rule"], f["line"]) for f in spring["baselined"]] == [("deceptive/guaranteed-results", 9), ("claims/unsourced-statistic", 11)]
    assert report["summary"]["baselined"] == 2 and report["summary"]["findings"] == 1

    text = postcheck("check", "--offline")
    assert "posts/spring.md:13:" in text.stdout and "posts/spring.md:9:" not in text.stdout
    assert text.stdout.rstrip().endswith("1 finding (1 error, 0 warnings, 0 info); 2 baselined.")

    everything = postcheck("check", "--offline", "--format", "json", "--no-baseline")
    assert len(findings(everything)) == 3


def test_a_fixed_problem_leaves_a_stale_entry_that_prune_drops(repo: Path) -> None:
    postcheck("baseline", "--offline")
    write(repo, "posts/spring.md", OLD_POST.replace("Revenue grew 42% last year.", "Revenue grew last year."))

    result = postcheck("check", "--offline", "--format", "json")
    assert result.exit_code == 0  # info only
    [stale] = [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    assert stale["rule"] == "postcheck/stale-baseline" and stale["severity"] == "info"
    assert "claims/unsourced-statistic on '42%'" in stale["message"]

    pruned = postcheck("baseline", "--prune", "--offline")
    assert pruned.stdout == ".postcheck-baseline.json: 1 entry (0 added, 1 dropped).\n"
    assert findings(postcheck("check", "--offline", "--format", "json")) == []


def test_prune_adds_nothing_and_a_rerun_writes_the_same_bytes(repo: Path) -> None:
    postcheck("baseline", "--offline")
    first = (repo / ".postcheck-baseline.json").read_bytes()
    write(repo, "posts/new.md", "---\nlang: en\n---\nLast chance to register!\n")
    postcheck("baseline", "--prune", "--offline")
    assert (repo / ".postcheck-baseline.json").read_bytes() == first
    assert findings(postcheck("check", "--offline", "--format", "json")) == [("deceptive/fake-urgency", 4)]
    postcheck("baseline", "--offline", "posts/new.md")  # only that post: the others' entries stay
    entries = json.loads((repo / ".postcheck-baseline.json").read_text())["entries"]
    assert sorted(e["path"] for e in entries) == ["posts/new.md", "posts/spring.md", "posts/spring.md"]


def test_offline_baseline_keeps_the_entries_of_rules_that_did_not_run(repo: Path) -> None:
    baseline = repo / ".postcheck-baseline.json"
    write(repo, "posts/spring.md", OLD_POST + "\nSee [the report](https://example.invalid/report).\n")
    postcheck("baseline", "--offline")
    data = json.loads(baseline.read_text())
    remote = {"fingerprint": "0" * 32, "rule": "links/broken", "path": "posts/spring.md", "text": "x", "occurrence": 1}
    data["entries"].append(remote)
    baseline.write_text(json.dumps(data))
    postcheck("baseline", "--offline")
    assert remote in json.loads(baseline.read_text())["entries"]  # links were not checked offline
    write(repo, "posts/spring.md", OLD_POST)
    postcheck("baseline", "--offline")
    assert remote not in json.loads(baseline.read_text())["entries"]  # no remote link left to check
    (repo / "posts" / "spring.md").unlink()
    postcheck("baseline", "--offline")
    assert json.loads(baseline.read_text())["entries"] == []  # its file is gone


def test_identical_sentences_are_counted_by_occurrence(repo: Path) -> None:
    write(repo, "posts/spring.md", "---\nlang: en\n---\nLast chance!\n\nLast chance!\n")
    postcheck("baseline", "--offline")
    write(repo, "posts/spring.md", "---\nlang: en\n---\nLast chance!\n\nLast chance!\n\nLast chance!\n")
    assert findings(postcheck("check", "--offline", "--format", "json")) == [("deceptive/fake-urgency", 8)]


def test_the_config_names_the_baseline_and_output_writes_elsewhere(repo: Path) -> None:
    write(repo, ".postcheck.yaml", "language: en\nbaseline: ci/accepted.json\n")
    missing = postcheck("check", "--offline")
    assert missing.exit_code == 2 and "baseline: ci/accepted.json: no such file" in missing.stderr
    assert postcheck("baseline", "--offline").exit_code == 0
    assert (repo / "ci" / "accepted.json").is_file() and not (repo / ".postcheck-baseline.json").exists()
    assert postcheck("check", "--offline").exit_code == 0
    assert postcheck("baseline", "--offline", "--output", "elsewhere.json").exit_code == 0
    assert (repo / "elsewhere.json").is_file()


def test_a_broken_baseline_file_is_one_line_and_exit_2(repo: Path) -> None:
    (repo / ".postcheck-baseline.json").write_text('{"version": 1, "entries": [{"rule": 3}]}')
    result = postcheck("check", "--offline")
    assert result.exit_code == 2
    assert result.stderr == "postcheck: error: " + str(repo / ".postcheck-baseline.json") + ": entries[0]: expected fingerprint, rule, path, text and occurrence\n"


def test_parse_errors_are_never_baselined(repo: Path) -> None:
    write(repo, "posts/broken.md", "---\ntitle: [oops\n---\nText.\n")
    written = postcheck("baseline", "--offline")
    assert "cannot be baselined (postcheck/parse-error)" in written.stderr
    assert findings(postcheck("check", "--offline", "--format", "json")) == [("postcheck/parse-error", 2)]


def test_sarif_fingerprints_and_baseline_state(repo: Path) -> None:
    postcheck("baseline", "--offline")
    write(repo, "posts/spring.md", OLD_POST + "\nLast chance!\n")
    results = json.loads(postcheck("check", "--offline", "--format", "sarif").stdout)["runs"][0]["results"]
    states = {(r["ruleId"], r["baselineState"]) for r in results}
    assert states == {("deceptive/guaranteed-results", "unchanged"), ("claims/unsourced-statistic", "unchanged"), ("deceptive/fake-urgency", "new")}
    entries = json.loads((repo / ".postcheck-baseline.json").read_text())["entries"]
    for result in results:
        fingerprint = result["partialFingerprints"]["postcheck/v1"]
        accepted = result["baselineState"] == "unchanged"
        assert (fingerprint in {e["fingerprint"] for e in entries}) == accepted
        assert ("suppressions" in result) == accepted
    plain = json.loads(postcheck("check", "--offline", "--format", "sarif", "--no-baseline").stdout)["runs"][0]["results"]
    assert all("baselineState" not in r and "partialFingerprints" in r for r in plain)


def test_the_baseline_applies_to_cached_results(repo: Path, monkeypatch) -> None:
    """The results cache keeps what the checks found, before the baseline: a warm run checks
    nothing again and still filters by the baseline file as it is now."""
    from postcheck import runner

    postcheck("check", "--offline")  # cold: fills the results cache
    postcheck("baseline", "--offline")
    parsed: list[str] = []
    real = runner.parse_targets
    monkeypatch.setattr(runner, "parse_targets", lambda targets, config: parsed.extend(t.display for t in targets) or real(targets, config))

    warm = postcheck("check", "--offline", "--format", "json")
    assert parsed == [] and warm.exit_code == 0
    assert json.loads(warm.stdout)["summary"]["baselined"] == 2

    path = repo / ".postcheck-baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"] = [e for e in data["entries"] if e["rule"] != "deceptive/guaranteed-results"]
    path.write_text(json.dumps(data), encoding="utf-8")
    edited = postcheck("check", "--offline", "--format", "json")
    assert parsed == [] and edited.exit_code == 1
    assert findings(edited) == [("deceptive/guaranteed-results", 5)]


def test_worker_processes_print_what_a_serial_run_prints_with_a_baseline(repo: Path, monkeypatch) -> None:
    from postcheck import parallel

    for index in range(6):
        write(repo, f"posts/more-{index}.md", OLD_POST.replace("42%", f"{40 + index}%"))
    postcheck("baseline", "--offline", "posts/spring.md", "posts/more-0.md", "posts/more-1.md")
    monkeypatch.setattr(parallel, "SERIAL_BELOW", 2)
    monkeypatch.setattr(parallel, "WARM_UP", 1)
    outputs = {}
    for jobs in ("1", "2"):
        for output_format in ("json", "sarif", "text"):
            result = postcheck("check", "--offline", "--no-cache", "--jobs", jobs, "--format", output_format)
            assert result.exit_code == 1
            outputs[jobs, output_format] = result.stdout
    for output_format in ("json", "sarif", "text"):
        assert outputs["2", output_format] == outputs["1", output_format]
    summary = json.loads(outputs["2", "json"])["summary"]
    assert summary["baselined"] == 6 and summary["findings"] == 8


def test_a_file_name_that_is_not_utf8_is_baselined(repo: Path) -> None:
    import os

    with open(os.fsencode(repo / "posts") + b"/caf\xe9.md", "wb") as handle:
        handle.write(OLD_POST.encode("utf-8"))
    written = postcheck("baseline", "--offline")
    assert written.exit_code == 0, written.output
    paths = {entry["path"] for entry in json.loads((repo / ".postcheck-baseline.json").read_text(encoding="utf-8"))["entries"]}
    assert paths == {"posts/spring.md", "posts/caf\\xe9.md"}
    again = postcheck("baseline", "--offline")
    assert again.stdout.endswith("(0 added, 0 dropped).\n"), again.stdout
    assert postcheck("check", "--offline").exit_code == 0
