"""``--format checklist``: a Markdown checklist per post, ready to paste into a pull-request
comment."""

from __future__ import annotations

from typing import TextIO

from postcheck.findings import Severity
from postcheck.formatters import Style
from postcheck.formatters._shared import plural
from postcheck.runner import RunResult
from postcheck.verdict import FAIL, PASS, SKIPPED, WARN, FileReport, summarize

NAME = "checklist"
VERDICT_ICONS = {FAIL: "❌", WARN: "⚠️", PASS: "✅", SKIPPED: "✅"}


def render(result: RunResult, out: TextIO, style: Style) -> None:
    summary = summarize(result.reports)
    needing = summary.fail + summary.warn
    verb = "needs" if needing == 1 else "need"
    out.write(f"## postcheck: {needing} of {plural(summary.files, 'post')} {verb} attention\n\n")
    if not result.reports:
        out.write("No posts checked.\n")
        return
    for report in result.reports:
        out.write(_post(report))
    baselined = f", {summary.baselined} baselined" if summary.baselined else ""
    out.write(
        f"_{summary.fail} fail, {summary.warn} warn, {summary.passed} pass; "
        f"{plural(summary.findings, 'finding')}, {summary.suppressed} suppressed{baselined}._\n"
    )


def _post(report: FileReport) -> str:
    lines = [f"### {VERDICT_ICONS[report.verdict]} `{report.path}`: {report.verdict}", ""]
    for row in report.rows:
        unchecked = f"{row.unchecked} not checked" if row.unchecked else ""
        if row.status == SKIPPED:
            lines.append(f"- [ ] {row.label} _({unchecked or 'not checked'})_")
            continue
        box = "x" if row.status == PASS and not row.unchecked else " "
        note = ", ".join(part for part in (_counted(report, row.family, row.count) if row.count else "", unchecked) if part)
        note = f" ({note})" if note else ""
        lines.append(f"- [{box}] {row.label}{note}")
        for finding in (f for f in report.findings if f.family == row.family):
            lines.append(f"  - line {finding.span.start.line}: `{finding.rule}` {finding.message}")
    meta = [f for f in report.findings if f.family not in {row.family for row in report.rows}]
    for finding in meta:
        lines.append(f"- line {finding.span.start.line}: `{finding.rule}` {finding.message}")
    if report.suppressed:
        lines.append(f"- {plural(len(report.suppressed), 'finding')} suppressed:")
        for finding in report.suppressed:
            reason = finding.suppressed_by.reason if finding.suppressed_by else ""
            lines.append(f"  - line {finding.span.start.line}: `{finding.rule}`: {reason or '(no reason given)'}")
    if report.baselined:
        lines.append(f"- {plural(len(report.baselined), 'finding')} accepted by the baseline")
    return "\n".join(lines) + "\n\n"


def _counted(report: FileReport, family: str, count: int) -> str:
    """"2 findings", or "1 info" when that is all a passing row has."""
    info = sum(f.severity is Severity.INFO for f in report.findings if f.family == family)
    return f"{info} info" if info == count else plural(count, "finding")
