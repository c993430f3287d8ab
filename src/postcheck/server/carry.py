"""Keep what only the network can tell (a broken remote link) between saves.

Remote links are checked on save only; while the writer types, the offline check runs and
knows nothing about them. Dropping those diagnostics at the first keystroke would make them
blink; keeping them at their old line would point at the wrong text. So each one remembers the
text its span covered when it was found and follows that text: it stays while the text is still
in the post (at the occurrence nearest its old line) and goes when the text is edited away,
until the next save checks again.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field

from postcheck import suppress
from postcheck.findings import Finding
from postcheck.model import Document, Position, Span
from postcheck.verdict import SKIPPED, FileReport, rows_for, verdict_of

NETWORK_FAMILY = "links"
#: Occurrences of one text looked at when re-anchoring (a bound on a loop over post content).
MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class Carried:
    finding: Finding
    #: The source text the finding's span covered in the version it was found in.
    text: str


@dataclass
class NetworkResults:
    """What the last save's network check found, and the text it checked (lines joined)."""

    text: str
    carried: list[Carried] = field(default_factory=list)


def network_only(online: FileReport, offline: FileReport) -> list[Finding]:
    """The network family's findings that the offline check of the same text did not make."""
    known = {(f.rule, f.span) for f in offline.findings}
    return [f for f in online.findings if f.family == NETWORK_FAMILY and (f.rule, f.span) not in known]


def remember(doc: Document, findings: list[Finding]) -> NetworkResults:
    """The findings of a network check of ``doc``, each with the text it points at (a finding
    with an empty span is not kept)."""
    full = "\n".join(doc.lines)
    starts = _line_starts(doc.lines)
    kept = []
    for finding in findings:
        start, end = _offset(starts, finding.span.start), _offset(starts, finding.span.end)
        if end > start:
            kept.append(Carried(finding, full[start:end]))
    return NetworkResults(full, kept)


def follow(carried: list[Carried], doc: Document) -> list[Finding]:
    """The carried findings moved to where their text now is in ``doc``."""
    full = "\n".join(doc.lines)
    starts = _line_starts(doc.lines)
    moved = []
    for item in carried:
        offset = _nearest(full, item.text, _offset(starts, Position(item.finding.span.start.line, 1)))
        if offset is not None:
            span = Span(_position(starts, offset), _position(starts, offset + len(item.text)))
            moved.append(dataclasses.replace(item.finding, span=span))
    return moved


def merge(report: FileReport, results: NetworkResults | None) -> FileReport:
    """``report`` (an offline check) with the network findings that still apply: waived ones
    are dropped as the runner would, and the checklist and verdict are worked out again."""
    if results is None:
        return report
    same_text = "\n".join(report.doc.lines) == results.text
    moved = follow(results.carried, report.doc)
    kept, waived = suppress.apply(moved, suppress.parse(report.doc)) if moved else ([], [])
    skipped = {row.family for row in report.rows if row.status == SKIPPED}
    if same_text:
        skipped.discard(NETWORK_FAMILY)
    # The offline check may already know some of them (links judged from the links cache).
    known = {(f.rule, f.span) for f in report.findings}
    fresh = [f for f in kept if (f.rule, f.span) not in known]
    findings = sorted([*report.findings, *fresh], key=Finding.sort_key)
    rows = rows_for(findings, skipped)
    return FileReport(
        doc=report.doc, findings=findings, suppressed=[*report.suppressed, *waived], rows=rows, verdict=verdict_of(rows, findings)
    )


def _line_starts(lines: list[str]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line) + 1
    return starts or [0]


def _offset(starts: list[int], position: Position) -> int:
    index = min(max(position.line - 1, 0), len(starts) - 1)
    return starts[index] + position.column - 1


def _position(starts: list[int], offset: int) -> Position:
    index = bisect.bisect_right(starts, offset) - 1
    return Position(index + 1, offset - starts[index] + 1)


def _nearest(full: str, text: str, around: int) -> int | None:
    """The start of the occurrence of ``text`` in ``full`` closest to offset ``around``."""
    best: int | None = None
    found = full.find(text)
    for _ in range(MAX_OCCURRENCES):
        if found < 0:
            break
        if best is None or abs(found - around) < abs(best - around):
            best = found
        if found > around:
            break  # later occurrences are only farther away
        found = full.find(text, found + 1)
    return best
