"""``--format text`` (the default): ruff-style findings with the source line and the span
marked, then a one-line checklist per post and a summary. Colour only when asked for (the CLI
turns it on for a terminal unless ``NO_COLOR`` is set)."""

from __future__ import annotations

from typing import TextIO

import click

from postcheck.findings import Finding, Severity
from postcheck.formatters import Style
from postcheck.formatters._shared import plural
from postcheck.runner import RunResult
from postcheck.verdict import FAIL, PASS, SKIPPED, WARN, FileReport, summarize

NAME = "text"

SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
#: ruff's marker for a finding its ``--fix`` can repair (here: ``postcheck fix``).
FIXABLE_MARK = "[*] "
STATUS_MARKS = {PASS: ("✓", "green"), WARN: ("!", "yellow"), FAIL: ("✗", "red"), SKIPPED: ("–", None)}


def render(result: RunResult, out: TextIO, style: Style) -> None:
    paint = _painter(style)
    for report in result.reports:
        for finding in report.findings:
            out.write(_finding(finding, report, paint))
    if result.reports:
        out.write(paint("Checklist", bold=True) + "\n")
        width = max(len(r.path) for r in result.reports)
        for report in result.reports:
            out.write(_checklist_line(report, width, paint) + "\n")
    out.write(_summary(result) + "\n")
    fixable = sum(f.fixable for report in result.reports for f in report.findings)
    if fixable:
        out.write(f"{FIXABLE_MARK}{plural(fixable, 'finding')} can be fixed with `postcheck fix` (preview: `postcheck fix --diff`).\n")


def _finding(finding: Finding, report: FileReport, paint) -> str:
    start, end = finding.span.start, finding.span.end
    head = (
        f"{paint(finding.path, bold=True)}:{start.line}:{start.column}: "
        f"{paint(finding.rule, fg=SEVERITY_COLOURS[finding.severity], bold=True)} "
        f"[{finding.severity.value}] {FIXABLE_MARK if finding.fixable else ''}{finding.message}\n"
    )
    source = report.doc.line_text(start.line).replace("\t", " ")
    if not source.strip():
        return head + ("" if not finding.fix else f"  = fix: {finding.fix}\n") + "\n"
    gutter = " " * len(str(start.line))
    last = end.column if end.line == start.line else len(source) + 1
    marks = "^" * max(1, last - start.column)
    body = (
        f"{gutter} |\n"
        f"{start.line} | {source}\n"
        f"{gutter} | {' ' * (start.column - 1)}{paint(marks, fg=SEVERITY_COLOURS[finding.severity])}\n"
    )
    fix = f"{gutter} = fix: {finding.fix}\n" if finding.fix else ""
    return head + body + fix + "\n"


def _checklist_line(report: FileReport, width: int, paint) -> str:
    mark, colour = STATUS_MARKS[report.verdict]
    cells = []
    for row in report.rows:
        row_mark, row_colour = STATUS_MARKS[row.status]
        count = f" {row.count}" if row.count else ""
        count += f" ({row.unchecked} not checked)" if row.unchecked else ""
        cells.append(paint(f"{row.family} {row_mark}{count}", fg=row_colour))
    verdict = paint(f"{mark} {report.verdict}".ljust(6), fg=colour, bold=True)
    return f"{report.path.ljust(width)}  {verdict}  " + "  ".join(cells)


def _summary(result: RunResult) -> str:
    summary = summarize(result.reports)
    severities = ", ".join(plural(summary.by_severity[s.value], s.value) for s in reversed(Severity))
    text = (
        f"{plural(summary.files, 'post')} checked: {summary.fail} fail, {summary.warn} warn, "
        f"{summary.passed} pass; {plural(summary.findings, 'finding')} ({severities})"
    )
    if summary.suppressed:
        text += f"; {summary.suppressed} suppressed"
    return text + "."


def _painter(style: Style):
    def paint(text: str, **styles) -> str:
        styles = {k: v for k, v in styles.items() if v}
        return click.style(text, **styles) if style.color and styles else text

    return paint
