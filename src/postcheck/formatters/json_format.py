"""``--format json``: exactly the contract's shape (version 1), with a few added fields.

Each file lists ``substantiated``: the claims the proof-point register backs, with the
entry's ``id`` (see ``checks/claims/proof_points.py``)."""

from __future__ import annotations

from typing import TextIO

from postcheck.formatters import Style
from postcheck.formatters._shared import finding_fields, write_json
from postcheck.runner import RunResult
from postcheck.verdict import Row, summarize

NAME = "json"


def document(result: RunResult) -> dict[str, object]:
    files = []
    for report in result.reports:
        suppressed = []
        for finding in report.suppressed:
            entry = finding_fields(finding)
            ref = finding.suppressed_by
            entry["reason"] = ref.reason if ref else ""
            entry["suppression_line"] = ref.line if ref else None
            suppressed.append(entry)
        files.append(
            {
                "path": report.path,
                "lang": report.doc.lang,
                "verdict": report.verdict,
                "checklist": [_row(r) for r in report.rows],
                "findings": [finding_fields(f) for f in report.findings],
                "suppressed": suppressed,
                "baselined": [{**finding_fields(f), "fingerprint": f.fingerprint} for f in report.baselined],
                "substantiated": [use.as_json() for use in report.records.get("substantiated", [])],
            }
        )
    summary = summarize(result.reports)
    return {
        "version": 1,
        "files": files,
        "summary": {
            "files": summary.files,
            "fail": summary.fail,
            "warn": summary.warn,
            "pass": summary.passed,
            "findings": summary.findings,
            "suppressed": summary.suppressed,
            "baselined": summary.baselined,
        },
    }


def _row(row: Row) -> dict[str, object]:
    """A checklist row; ``unchecked`` (an extension) only when some items were not checked."""
    entry: dict[str, object] = {"family": row.family, "status": row.status, "count": row.count}
    if row.unchecked:
        entry["unchecked"] = row.unchecked
    return entry


def render(result: RunResult, out: TextIO, style: Style) -> None:
    write_json(document(result), out)
