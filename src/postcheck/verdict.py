"""From findings to checklist rows, a verdict per post, a summary and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postcheck.findings import FAMILIES, META_FAMILY, Finding, Severity
from postcheck.model import Document

PASS, WARN, FAIL, SKIPPED = "pass", "warn", "fail", "skipped"
_WORST = {PASS: 0, SKIPPED: 0, WARN: 1, FAIL: 2}


@dataclass
class Row:
    """One checklist row: a family's status on one post and how many findings it has."""

    family: str
    status: str
    count: int
    #: Items the family's check could not check (remote links offline, not in the cache).
    unchecked: int = 0

    @property
    def label(self) -> str:
        return FAMILIES[self.family]


@dataclass
class FileReport:
    """Everything known about one post after a run."""

    doc: Document
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    verdict: str = PASS
    #: Findings the baseline accepts: listed, never counted against the post.
    baselined: list[Finding] = field(default_factory=list)
    #: Rule ids and families that ran on the post (a stale waiver or baseline entry is only
    #: one when its rule ran).
    ran: set[str] = field(default_factory=set)
    #: What the checks noted besides findings, by name (``substantiated``: the claims the
    #: proof-point register backs).
    records: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.doc.path


def status_of(findings: list[Finding]) -> str:
    """``fail`` with an error, ``warn`` with only warnings, else ``pass`` (info never fails)."""
    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        return FAIL
    if Severity.WARNING in severities:
        return WARN
    return PASS


def rows_for(findings: list[Finding], skipped: set[str], unchecked: dict[str, int] | None = None) -> list[Row]:
    """The five rows in the contract's order; ``skipped`` families did not run (in full:
    ``unchecked`` says how many of their items were left). A crashed check
    (``postcheck/check-error``) counts in the rows of the families it checks."""
    rows = []
    for family in FAMILIES:
        mine = [f for f in findings if f.family == family or family in f.data.get("families", ())]
        status = SKIPPED if family in skipped and not mine else status_of(mine)
        rows.append(Row(family, status, len(mine), (unchecked or {}).get(family, 0)))
    return rows


def verdict_of(rows: list[Row], findings: list[Finding]) -> str:
    """The worst row; findings about the file itself (parse errors, stale waivers) count too."""
    statuses = [row.status for row in rows] + [status_of([f]) for f in findings if f.family == META_FAMILY]
    worst = max((_WORST[s] for s in statuses), default=0)
    return {0: PASS, 1: WARN, 2: FAIL}[worst]


def fails(findings: list[Finding], fail_on: Severity) -> bool:
    """Whether the run must exit 1: any kept finding at or above ``fail_on``."""
    return any(f.severity.rank >= fail_on.rank for f in findings)


@dataclass
class Summary:
    files: int
    fail: int
    warn: int
    passed: int
    findings: int
    suppressed: int
    by_severity: dict[str, int]
    baselined: int = 0


def summarize(reports: list[FileReport]) -> Summary:
    verdicts = [r.verdict for r in reports]
    findings = [f for r in reports for f in r.findings]
    return Summary(
        files=len(reports),
        fail=verdicts.count(FAIL),
        warn=verdicts.count(WARN),
        passed=sum(v in (PASS, SKIPPED) for v in verdicts),
        findings=len(findings),
        suppressed=sum(len(r.suppressed) for r in reports),
        by_severity={s.value: sum(f.severity is s for f in findings) for s in Severity},
        baselined=sum(len(r.baselined) for r in reports),
    )
