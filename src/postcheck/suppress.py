"""Inline suppressions (markdownlint's convention) and the audit of the ones left unused.

``<!-- postcheck-disable [RULE-OR-FAMILY …] [-- reason] -->`` waives matching findings from
its line until a matching ``postcheck-enable``; ``postcheck-disable-next-line`` waives the next
non-blank line; ``postcheck-disable-line`` its own line; ``postcheck-disable-file`` the whole
file. No selector means every rule. A waiver that waives nothing is reported, because a stale
waiver hides the next real problem on that line.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

from postcheck.findings import FAMILIES, Finding, SuppressionRef
from postcheck.model import Comment, Document

DIRECTIVE = re.compile(
    r"^\s*postcheck-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*)$", re.DOTALL
)
ALL = "*"
#: A post that could not be read, or that a check crashed on, has not been checked; no comment
#: inside it can waive that.
UNWAIVABLE = {"postcheck/parse-error", "postcheck/check-error"}


@dataclass
class Suppression:
    """One suppression comment."""

    kind: str
    selectors: list[str]
    reason: str
    comment: Comment
    #: Lines it covers (inclusive); ``enable`` comments close ranges and cover nothing.
    first_line: int = 0
    last_line: int = 0
    used: int = 0
    unknown: list[str] = field(default_factory=list)

    @property
    def ref(self) -> SuppressionRef:
        return SuppressionRef(self.comment.span.start.line, self.reason)


def parse(doc: Document) -> list[Suppression]:
    """The suppression comments of ``doc`` with the lines each one covers."""
    found: list[Suppression] = []
    for comment in doc.comments:
        match = DIRECTIVE.match(comment.text)
        if not match:
            continue
        body, _, reason = match.group(2).partition("--")
        selectors = [s for s in re.split(r"[\s,]+", body.strip()) if s] or [ALL]
        found.append(Suppression(match.group(1), selectors, reason.strip(), comment))
    _assign_lines(found, doc)
    return [s for s in found if s.kind != "enable"]


def _assign_lines(found: list[Suppression], doc: Document) -> None:
    last = max(len(doc.lines), 1)
    for index, item in enumerate(found):
        start, end = item.comment.span.start.line, item.comment.span.end.line
        if item.kind == "disable-line":
            item.first_line, item.last_line = start, end
        elif item.kind == "disable-file":
            item.first_line, item.last_line = 1, last
        elif item.kind == "disable-next-line":
            target = next((n for n in range(end + 1, last + 1) if doc.line_text(n).strip()), end + 1)
            item.first_line = item.last_line = target
        elif item.kind == "disable":
            item.first_line, item.last_line = start, _closing_line(found[index + 1 :], item.selectors, last)


def _closing_line(later: list[Suppression], selectors: list[str], last: int) -> int:
    """The line before the first ``enable`` that re-enables any of ``selectors``."""
    for item in later:
        if item.kind == "enable" and any(
            enable == ALL or enable == selector or (selector != ALL and selector.split("/", 1)[0] == enable)
            for enable in item.selectors
            for selector in selectors
        ):
            return item.comment.span.start.line - 1 if item.comment.span.start.line > 1 else 1
    return last


def apply(findings: list[Finding], suppressions: list[Suppression]) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (kept, suppressed); suppressed ones carry their waiver (the
    first comment, in file order, that covers them)."""
    waivers = _first_waivers(findings, suppressions)
    kept: list[Finding] = []
    waived: list[Finding] = []
    for finding, waiver in zip(findings, waivers):
        if waiver is None or finding.rule in UNWAIVABLE:
            kept.append(finding)
            continue
        waiver.used += 1
        finding.suppressed_by = waiver.ref
        waived.append(finding)
    return kept, waived


def _first_waivers(findings: list[Finding], suppressions: list[Suppression]) -> list[Suppression | None]:
    """For each finding, the first suppression that covers it. One sweep down the lines, with
    the suppressions in force kept in a heap per selector, so thousands of comments and
    findings in one post cost ``(F + S) log S``, not ``F × S``."""
    starts = sorted(range(len(suppressions)), key=lambda i: suppressions[i].first_line)
    active: dict[str, list[tuple[int, int]]] = {}  # selector → heap of (index, last line)
    result: list[Suppression | None] = [None] * len(findings)
    next_start = 0
    for position in sorted(range(len(findings)), key=lambda i: findings[i].span.start.line):
        finding = findings[position]
        line = finding.span.start.line
        while next_start < len(starts) and suppressions[starts[next_start]].first_line <= line:
            index = starts[next_start]
            for selector in set(suppressions[index].selectors):
                heapq.heappush(active.setdefault(selector, []), (index, suppressions[index].last_line))
            next_start += 1
        best: int | None = None
        for selector in {ALL, finding.rule, finding.family}:
            heap = active.get(selector)
            while heap and heap[0][1] < line:
                heapq.heappop(heap)  # ended above this line, so above every later finding too
            if heap and (best is None or heap[0][0] < best):
                best = heap[0][0]
        result[position] = suppressions[best] if best is not None else None
    return result


def unused(suppressions: list[Suppression], ran: set[str], known: set[str]) -> list[tuple[Suppression, str, str]]:
    """Waivers that waived nothing although their rules ran, and ones naming unknown rules,
    each with why it is reported (a key of :data:`postcheck.messages.TEXTS`) and the names
    concerned."""
    stale: list[tuple[Suppression, str, str]] = []
    for item in suppressions:
        unknown = [s for s in item.selectors if s != ALL and s not in known]
        if unknown:
            stale.append((item, "suppression.unknown", ", ".join(unknown)))
        elif item.used == 0 and all(_ran(selector, ran) for selector in item.selectors):
            stale.append((item, "suppression.unused", ", ".join(item.selectors)))
    return stale


def _ran(selector: str, ran: set[str]) -> bool:
    """Whether what a selector names ran on this post (``ran`` holds the rule ids and the
    families that ran), so a links waiver is not called stale in an offline run."""
    if selector == ALL:
        return all(family in ran for family in FAMILIES)
    return selector in ran
