"""``postcheck proof-points``: the register's report, for its owners.

Every entry with its status today, owner, evidence and every use (``post:line``): the claims
the register backs in the posts checked. Statuses: ``expired`` (``expires`` is before today),
``expiring`` (within 30 days), ``unused`` (no post rests on it), ``ok``. The report judges the
register today, whatever the posts' dates: a live post that still rests on an expired entry
needs the entry renewed or the post edited, so an expired entry in use makes the exit code 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, TextIO

from postcheck.checks.claims.proof_points import EXPIRED, EXPIRING, OK, SUBSTANTIATED, UNUSED, ProofPoint, Register, Use
from postcheck.formatters._shared import markdown_row
from postcheck.verdict import FileReport

STATUSES = (OK, EXPIRING, EXPIRED, UNUSED)


@dataclass
class EntryReport:
    entry: ProofPoint
    status: str
    uses: list[Use] = field(default_factory=list)
    #: Whether an evidence path exists (None for a URL: the links check requests those).
    evidence_found: bool | None = None

    @property
    def use_labels(self) -> list[str]:
        return [f"{use.path}:{use.span.start.line}" for use in self.uses]


@dataclass
class Report:
    register: str
    as_of: date
    entries: list[EntryReport]

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.entries)

    @property
    def expired_in_use(self) -> list[EntryReport]:
        return [e for e in self.entries if e.status == EXPIRED and e.uses]


def build(register: Register, reports: list[FileReport], root: Path, today: date | None = None) -> Report:
    """The report of ``register`` given the reports of a claims run over the posts."""
    today = today or date.today()
    uses: dict[str, list[Use]] = {}
    for file_report in reports:
        for use in file_report.records.get(SUBSTANTIATED, []):
            uses.setdefault(use.entry, []).append(use)
    entries = []
    for entry in register.entries:
        mine = uses.get(entry.id, [])
        status = entry.status(today)
        if status == OK and not mine:
            status = UNUSED
        found = None if entry.evidence_is_url else (root / entry.evidence).exists()
        entries.append(EntryReport(entry, status, mine, found))
    return Report(register.display, today, entries)


def to_json(report: Report) -> dict[str, object]:
    return {
        "register": report.register,
        "as_of": report.as_of.isoformat(),
        "entries": [
            {
                "id": e.entry.id,
                "claim": e.entry.claim,
                "status": e.status,
                "owner": e.entry.owner,
                "evidence": e.entry.evidence,
                "evidence_found": e.evidence_found,
                "reviewed": e.entry.reviewed.isoformat(),
                "expires": e.entry.expires.isoformat() if e.entry.expires else None,
                "channels": list(e.entry.channels) if e.entry.channels is not None else None,
                "uses": [
                    {"post": use.path, "line": use.span.start.line, "column": use.span.start.column, "rule": use.rule, "status": use.status}
                    for use in e.uses
                ],
            }
            for e in report.entries
        ],
        "summary": {"entries": len(report.entries), **{s: report.count(s) for s in STATUSES}, "expired_in_use": len(report.expired_in_use)},
    }


def render_json(report: Report, out: TextIO) -> None:
    out.write(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n")


def render_text(report: Report, out: TextIO) -> None:
    """One block per entry: status, owner and dates, then claim, evidence and uses."""
    out.write(f"Proof points in {report.register} as of {report.as_of}: {_counts(report)}\n")
    width = max((len(e.entry.id) for e in report.entries), default=0)
    for e in report.entries:
        entry = e.entry
        out.write(f"\n{entry.id.ljust(width)}  {e.status:<8}  owner: {entry.owner}  {_dates(entry)}\n")
        out.write(f"  claim:    {entry.claim}\n")
        out.write(f"  evidence: {entry.evidence}{' (missing)' if e.evidence_found is False else ''}\n")
        out.write(f"  used in:  {', '.join(e.use_labels) or '-'}\n")
    if report.expired_in_use:
        names = ", ".join(e.entry.id for e in report.expired_in_use)
        out.write(f"\nExpired and still in use: {names}. Renew them (expires) or edit the posts.\n")


def render_markdown(report: Report, out: TextIO) -> None:
    """A heading, the counts and one table row per entry, ready for a review or a wiki."""
    out.write(f"## Proof points ({report.register}, as of {report.as_of})\n\n{_counts(report)}.\n\n")
    out.write("| Proof point | Status | Owner | Reviewed | Expires | Evidence | Used in |\n")
    out.write("| --- | --- | --- | --- | --- | --- | --- |\n")
    for e in report.entries:
        entry = e.entry
        evidence = entry.evidence + (" (missing)" if e.evidence_found is False else "")
        cells = [f"**{entry.id}**: {entry.claim}", e.status, entry.owner, entry.reviewed.isoformat(),
                 entry.expires.isoformat() if entry.expires else "–", evidence, ", ".join(e.use_labels) or "–"]
        out.write(markdown_row(cells))


RENDERERS: dict[str, Callable[[Report, TextIO], None]] = {"text": render_text, "json": render_json, "markdown": render_markdown}


def _counts(report: Report) -> str:
    parts = ", ".join(f"{report.count(s)} {s}" for s in STATUSES)
    in_use = len(report.expired_in_use)
    return f"{len(report.entries)} entries ({parts}; {in_use} expired in use)"


def _dates(entry: ProofPoint) -> str:
    expires = f"  expires: {entry.expires}" if entry.expires else ""
    return f"reviewed: {entry.reviewed}{expires}"
