"""``--format sarif``: SARIF 2.1.0, the format GitHub code scanning (and most security
dashboards) import.

Every rule postcheck knows is described in ``tool.driver.rules`` (so a dashboard can show the
rationale and the policy link of any alert); each finding is a result pointing at its region;
a finding waived inline is still a result, with an ``inSource`` suppression carrying the
reason, so an audit sees what was waived and why. Columns are Unicode code points (the run
says so in ``columnKind``), and paths are relative to the repository root (``%SRCROOT%``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from postcheck import __version__
from postcheck.baseline import SARIF_KEY
from postcheck.findings import Finding, Severity
from postcheck.formatters import Style
from postcheck.formatters._shared import write_json
from postcheck.gitdiff import relative_to_repo
from postcheck.registry import Rule
from postcheck.runner import RunResult

NAME = "sarif"

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/postcheck/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: RunResult, out: TextIO, style: Style) -> None:
    write_json(document(result), out)


def document(result: RunResult) -> dict[str, object]:
    rules = result.registry.sorted()
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = []
    state = "new" if result.baseline is not None else None
    for report in result.reports:
        artifact = _artifact(report.doc.abspath)
        results.extend(_result(finding, artifact, index, state) for finding in report.findings)
        results.extend(_result(finding, artifact, index, state) for finding in report.suppressed)
        results.extend(_result(finding, artifact, index, "unchanged") for finding in report.baselined)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "postcheck",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "results": results,
            }
        ],
    }


def _rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.explanation.strip()},
        "help": {"text": rule.fix, "markdown": f"{rule.fix}\n\nPolicy: <{rule.policy}>"},
        "helpUri": rule.policy,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family]},
    }


def _artifact(abspath: Path) -> dict[str, str]:
    """Relative to the repository root (``%SRCROOT%``), which code scanning resolves against
    the checkout; a file outside any repository gets an absolute ``file:`` URI."""
    relative = relative_to_repo(abspath, "")
    if relative:
        return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}
    return {"uri": abspath.resolve().as_uri()}


def _result(finding: Finding, artifact: dict[str, str], index: dict[str, int], state: str | None) -> dict[str, object]:
    """One result. Its ``partialFingerprints`` are the baseline's fingerprint (so code
    scanning follows an alert through edits above it, as the baseline does); with a baseline,
    ``baselineState`` says whether the baseline knew it, and a baselined result carries an
    ``external`` suppression."""
    span = finding.span
    entry: dict[str, object] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": span.start.line,
                        "startColumn": span.start.column,
                        "endLine": span.end.line,
                        "endColumn": span.end.column,
                    },
                }
            }
        ],
    }
    if finding.fingerprint:
        entry["partialFingerprints"] = {SARIF_KEY: finding.fingerprint}
    if state is not None:
        entry["baselineState"] = state
    if finding.rule in index:
        entry["ruleIndex"] = index[finding.rule]
    if finding.fix:
        entry["properties"] = {"fix": finding.fix}
    waiver = finding.suppressed_by
    if waiver is not None:
        comment = {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": waiver.line}}}
        suppression: dict[str, object] = {"kind": "inSource", "status": "accepted", "location": comment}
        if waiver.reason:
            suppression["justification"] = waiver.reason
        entry["suppressions"] = [suppression]
    elif state == "unchanged":
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": "accepted in the baseline (postcheck baseline)"}]
    return entry
