"""``postcheck incidents``: counts per quarter in every format (golden outputs), the contract's
JSON shape, the period options, and one-line errors."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES
from support.incidents_cli import invoke
from postcheck.incidents.ledger import Incident
from postcheck.incidents.quarters import Quarter, year_quarters
from postcheck.incidents.summary import summarize

REPO = FIXTURES / "incidents" / "repo"
GOLDEN = FIXTURES / "incidents" / "golden"

#: The contract's JSON shape ("Incident ledger and quarterly summary"); extra fields allowed.
CONTRACT_SCHEMA = {
    "type": "object",
    "required": ["target", "quarters"],
    "properties": {
        "target": {"type": "integer"},
        "quarters": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["quarter", "incidents", "posts", "on_target", "by_family", "by_action"],
                "properties": {
                    "quarter": {"type": "string", "pattern": r"^\d{4}-Q[1-4]$"},
                    "incidents": {"type": "integer", "minimum": 0},
                    "posts": {"type": "integer", "minimum": 0},
                    "on_target": {"type": "boolean"},
                    "by_family": {"type": "object", "propertyNames": {"enum": ["claims", "utm", "links", "proof", "deceptive"]}, "additionalProperties": {"type": "integer"}},
                    "by_action": {"type": "object", "propertyNames": {"enum": ["edited", "deleted", "flagged"]}, "additionalProperties": {"type": "integer"}},
                },
            },
        },
    },
}


def run(*args: str, cwd: Path = REPO):
    return invoke(cwd, *args)


CASES = {
    "year-2026": ["--year", "2026"],
    "quarter-2026-Q1": ["--quarter", "2026-Q1"],
    "partial-range": ["--since", "2025-11-15", "--until", "2026-05-31"],
    "fiscal-october": ["--config", "fiscal.yaml", "--year", "2026"],
}
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "csv": "csv"}


@pytest.mark.parametrize("output_format", EXTENSIONS)
@pytest.mark.parametrize("case", CASES)
def test_golden(case, output_format):
    result = run(*CASES[case], "--format", output_format)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{case}.{EXTENSIONS[output_format]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_json_follows_the_contract(case):
    data = json.loads(run(*CASES[case], "--format", "json").stdout)
    jsonschema.validate(data, CONTRACT_SCHEMA)
    for quarter in data["quarters"]:
        assert sum(quarter["by_family"].values()) == quarter["incidents"] == sum(quarter["by_action"].values())
        assert quarter["on_target"] == (quarter["incidents"] <= data["target"])


def test_year_counts_and_empty_quarters():
    data = json.loads(run("--year", "2026", "--format", "json").stdout)
    rows = {q["quarter"]: q for q in data["quarters"]}
    assert list(rows) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert rows["2026-Q1"]["incidents"] == 3 and rows["2026-Q1"]["posts"] == 3 and not rows["2026-Q1"]["on_target"]
    assert rows["2026-Q2"] == {**rows["2026-Q2"], "incidents": 0, "posts": 0, "on_target": True, "by_family": {}, "by_action": {}}
    # 2025-Q4 (outside the year) had 2 incidents; Q1 has 3.
    assert rows["2026-Q1"]["previous"] == 2 and rows["2026-Q1"]["change"] == 1
    assert rows["2026-Q2"]["change"] == -3


def test_fiscal_year_shifts_the_quarters():
    data = json.loads(run("--config", "fiscal.yaml", "--year", "2026", "--format", "json").stdout)
    first = data["quarters"][0]
    assert (first["quarter"], first["start"], first["end"]) == ("2026-Q1", "2025-10-01", "2025-12-31")
    assert first["incidents"] == 2 and data["fiscal_year_start"] == 10 and data["target"] == 0


def test_default_period_runs_from_first_incident_to_today():
    data = json.loads(run("--format", "json").stdout)
    assert data["quarters"][0]["quarter"] == "2025-Q4"
    assert data["until"] >= date.today().isoformat()
    assert data["total"]["incidents"] == 7


def test_same_post_twice_is_one_post():
    incidents = [Incident(date(2026, 5, d), "posts/x.md", "edited", "claims") for d in (1, 2)]
    (row,) = summarize(incidents, [Quarter(2026, 2)], target=1).quarters
    assert (row.incidents, row.posts, row.on_target) == (2, 1, False)


def test_target_zero_means_any_incident_is_over():
    incidents = [Incident(date(2026, 5, 1), "posts/x.md", "edited", "claims")]
    rows = summarize(incidents, year_quarters(2026), target=0).quarters
    assert [r.on_target for r in rows] == [True, False, True, True]


def test_empty_ledger_lists_zero_quarters(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("incidents: {ledger: none-yet.yaml}\n")
    result = run("--year", "2027", "--format", "csv", cwd=tmp_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(",0,0,1,true,0," in line for line in lines[1:])
    assert result.stderr == f"postcheck: no ledger at {tmp_path.resolve() / 'none-yet.yaml'} yet; record incidents with 'postcheck incidents add'\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2026-Q5"], "invalid quarter '2026-Q5': expected YEAR-QN, e.g. 2026-Q3"),
        (["--quarter", "2026-Q1", "--year", "2026"], "use only one of --quarter, --year"),
        (["--year", "2026", "--since", "2026-01-01"], "use only one of --year, --since/--until"),
        (["--since", "01/02/2026"], "--since: expected a date YYYY-MM-DD, got '01/02/2026'"),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "the period ends (2026-04-01) before it starts (2026-05-01)"),
        (["--year", "2026", "--chart", "out.pdf"], "out.pdf: the chart must be a .png or .svg file"),
        (["--config", "missing.yaml"], "missing.yaml: config file not found"),
    ],
)
def test_usage_errors_are_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"postcheck: error: {message}\n"


def test_malformed_ledger_is_one_line_naming_the_entry(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("incidents: {ledger: l.yaml}\n")
    (tmp_path / "l.yaml").write_text("- date: 2026-01-02\n  post: a.md\n  action: edited\n  family: utm\n- date: 2026-01-03\n  post: b.md\n  action: removed\n  family: utm\n")
    result = run("--year", "2026", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "l.yaml: entry 2 (line 5): field 'action': expected one of edited, deleted, flagged, got 'removed'" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [(13, "incidents.fiscal_year_start: expected a month 1-12, got 13"), (0, "expected a month 1-12, got 0"), ("oct", "incidents.fiscal_year_start: expected a whole number")],
)
def test_fiscal_year_start_is_validated(tmp_path, value, message):
    (tmp_path / ".postcheck.yaml").write_text(f"incidents: {{fiscal_year_start: {value}}}\n")
    result = run(cwd=tmp_path)
    assert result.exit_code == 2 and message in result.stderr and ".postcheck.yaml" in result.stderr


def test_negative_target_is_rejected(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("incidents: {target: -1}\n")
    result = run(cwd=tmp_path)
    assert result.exit_code == 2 and "incidents.target: expected 0 or more" in result.stderr


def test_demo_ledger_spans_five_quarters():
    data = json.loads(run("--since", "2025-07-01", "--until", "2026-12-31", "--format", "json", cwd=FIXTURES / "demo").stdout)
    with_incidents = [q["quarter"] for q in data["quarters"] if q["incidents"]]
    assert len(data["quarters"]) >= 5 and len(with_incidents) >= 4
    assert any(q["incidents"] == 0 for q in data["quarters"])
