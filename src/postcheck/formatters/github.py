"""``--format github``: GitHub Actions workflow commands, one per finding, so each finding is
an annotation on the pull request's diff at its line.

GitHub places an annotation only when ``file`` is relative to the repository root, so paths
are re-based on the repository (or ``$GITHUB_WORKSPACE``), whatever folder was checked.
Escaping follows the runner's rules: ``%``, CR and LF in the message; also ``:`` and ``,`` in
property values (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
"""

from __future__ import annotations

from typing import TextIO

from postcheck.findings import Finding, Severity
from postcheck.formatters import Style
from postcheck.formatters._shared import plural
from postcheck.gitdiff import relative_to_repo
from postcheck.runner import RunResult
from postcheck.verdict import summarize

NAME = "github"

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(result: RunResult, out: TextIO, style: Style) -> None:
    for report in result.reports:
        path = relative_to_repo(report.doc.abspath, report.path)
        for finding in report.findings:
            out.write(annotation(finding, path) + "\n")
    summary = summarize(result.reports)
    out.write(
        f"postcheck: {plural(summary.files, 'post')} checked: {summary.fail} fail, "
        f"{summary.warn} warn, {summary.passed} pass; {plural(summary.findings, 'finding')}, "
        f"{summary.suppressed} suppressed{f', {summary.baselined} baselined' if summary.baselined else ''}.\n"
    )


def annotation(finding: Finding, path: str) -> str:
    """One workflow command: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…``."""
    span = finding.span
    properties = {
        "file": path,
        "line": span.start.line,
        "col": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
        "title": f"postcheck {finding.rule}",
    }
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = finding.message + (f"\nFix: {finding.fix}" if finding.fix else "")
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
