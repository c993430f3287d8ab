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
from postcheck.verdict import FAIL, PASS, SKIPPED, WARN, FileReport, Row, summarize

NAME = "text"

SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
#: ruff's marker for a finding its ``--fix`` can repair (here: ``postcheck fix``).
FIXABLE_MARK = "[*] "
STATUS_MARKS = {PASS: ("✓", "green"), WARN: ("!", "yellow"), FAIL: ("✗", "red"), SKIPPED: ("–", None)}
LEGEND = (
    "Legend: ✓ pass  ! warnings  ✗ errors  – not checked (deselected, or links offline); "
    "a verdict also counts the postcheck/* findings about the file"
)
#: Source lines longer than this are shown as a window around the span.
MAX_SOURCE_WIDTH = 140
#: How much of the line before the span a window keeps.
CONTEXT_BEFORE = 40


def render(result: RunResult, out: TextIO, style: Style) -> None:
    paint = _painter(style)
    for report in result.reports:
        for finding in report.findings:
            out.write(_finding(finding, report, paint))
    if style.quiet:
        return
    if result.reports:
        out.write(paint("Checklist", bold=True) + "\n")
        width = max(len(r.path) for r in result.reports)
        for report in result.reports:
            out.write(_checklist_line(report, width, paint) + "\n")
        out.write(paint(LEGEND, dim=True) + "\n")
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
    shown, first, marked = window(source, start.column - 1, max(start.column, last) - 1)
    body = (
        f"{gutter} |\n"
        f"{start.line} | {shown}\n"
        f"{gutter} | {' ' * first}{paint('^' * marked, fg=SEVERITY_COLOURS[finding.severity])}\n"
    )
    fix = f"{gutter} = fix: {finding.fix}\n" if finding.fix else ""
    return head + body + fix + "\n"


def window(line: str, start: int, end: int, width: int = MAX_SOURCE_WIDTH) -> tuple[str, int, int]:
    """The part of a long ``line`` to show around ``line[start:end]`` (0-based, ``end``
    exclusive): the text, where the span starts in it, and how many characters of it to mark.
    A cut is shown as "…"; a line that fits is shown whole."""
    end = max(end, start + 1)
    if len(line) <= width:
        return line, start, end - start
    left = max(0, min(start - CONTEXT_BEFORE, len(line) - width))
    right = min(len(line), left + width)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    marked = max(1, min(end, right) - start)
    return prefix + line[left:right] + suffix, len(prefix) + start - left, marked


def _checklist_line(report: FileReport, width: int, paint) -> str:
    mark, colour = STATUS_MARKS[report.verdict]
    cells = []
    for row in report.rows:
        row_mark, row_colour = STATUS_MARKS[row.status]
        unchecked = f" ({row.unchecked} not checked)" if row.unchecked else ""
        cells.append(paint(f"{row.family} {row_mark}{_counts(report, row)}{unchecked}", fg=row_colour))
    verdict = paint(f"{mark} {report.verdict}".ljust(6), fg=colour, bold=True)
    return f"{report.path.ljust(width)}  {verdict}  " + "  ".join(cells)


def _counts(report: FileReport, row: Row) -> str:
    """`` 2`` findings, with ``info`` ones apart (`` 1 info``): an info-only row passes, and
    "✓ 1" would read as one pass."""
    info = sum(f.severity is Severity.INFO for f in report.findings if f.family == row.family)
    rest = row.count - info
    return (f" {rest}" if rest else "") + (f" {'+' if rest else ''}{info} info" if info else "")


def _summary(result: RunResult) -> str:
    if not result.reports:
        return "No posts checked."
    summary = summarize(result.reports)
    severities = ", ".join(plural(summary.by_severity[s.value], s.value) for s in reversed(Severity))
    text = (
        f"{plural(summary.files, 'post')} checked: {summary.fail} fail, {summary.warn} warn, "
        f"{summary.passed} pass; {plural(summary.findings, 'finding')} ({severities})"
    )
    if summary.suppressed:
        text += f"; {summary.suppressed} suppressed"
    if summary.baselined:
        text += f"; {summary.baselined} baselined"
    return text + "."


def _painter(style: Style):
    def paint(text: str, **styles) -> str:
        styles = {k: v for k, v in styles.items() if v}
        return click.style(text, **styles) if style.color and styles else text

    return paint
