"""Findings: what a check reports, independent of how it is printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from postcheck.model import Position, Span


class Severity(str, Enum):
    """How serious a finding is; ordered so that ``max`` gives the worst."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: Family of findings about the file itself rather than its content (parse errors, stale
#: suppressions). It is not a checklist row, but its findings count toward the verdict.
META_FAMILY = "postcheck"

#: The checklist rows, in the contract's order, with their labels.
FAMILIES: dict[str, str] = {
    "claims": "Claims are sourced",
    "utm": "Tracked links carry UTM tags",
    "links": "Links work",
    "proof": "Sensitive topics link a proof page",
    "deceptive": "No deceptive-practice phrasing",
}


@dataclass
class Finding:
    """One problem at one place in one post."""

    rule: str
    severity: Severity
    path: str
    span: Span
    message: str
    excerpt: str = ""
    fix: str = ""
    #: True when ``postcheck fix`` can repair this finding by itself.
    fixable: bool = False
    #: Set when an inline suppression waived this finding.
    suppressed_by: "SuppressionRef | None" = None
    #: Check-specific details for machine formats (e.g. the URL and HTTP status).
    data: dict[str, object] = field(default_factory=dict)
    #: Identity that survives edits elsewhere in the file (see :mod:`postcheck.baseline`).
    fingerprint: str = ""

    @property
    def family(self) -> str:
        return self.rule.split("/", 1)[0]

    @property
    def start(self) -> Position:
        return self.span.start

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start.line, self.span.start.column, self.rule)


@dataclass(frozen=True)
class SuppressionRef:
    """The suppression comment that waived a finding, for the audit trail."""

    line: int
    reason: str
