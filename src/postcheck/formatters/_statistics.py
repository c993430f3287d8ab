"""``check --statistics``: how many findings each rule has, most frequent first (ruff's
``--statistics``), to see where a repository stands before fixing or baselining it."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from postcheck.formatters._shared import plural, write_json
from postcheck.runner import RunResult

FIXABLE_MARK = "[*]"


@dataclass
class RuleCount:
    rule: str
    severity: str
    count: int
    #: How many of them ``postcheck fix`` can repair.
    fixable: int
    summary: str


def count(result: RunResult) -> list[RuleCount]:
    """One row per rule with findings (waived and baselined ones are not counted)."""
    findings = [f for report in result.reports for f in report.findings]
    counts = Counter(f.rule for f in findings)
    fixable = Counter(f.rule for f in findings if f.fixable)
    severity = {f.rule: f.severity.value for f in findings}
    ordered = sorted(counts, key=lambda rule: (-counts[rule], rule))
    summary = {rule: result.registry.get(rule).summary() for rule in ordered if rule in result.registry}
    return [RuleCount(rule, severity[rule], counts[rule], fixable[rule], summary.get(rule, "")) for rule in ordered]


def render(result: RunResult, out: TextIO, as_json: bool = False) -> None:
    table = count(result)
    if as_json:
        write_json([dataclasses.asdict(row) for row in table], out)
        return
    if not table:
        out.write("No findings.\n")
        return
    count_width = max(len(str(row.count)) for row in table)
    rule_width = max(len(row.rule) for row in table)
    for row in table:
        mark = FIXABLE_MARK if row.fixable else " " * len(FIXABLE_MARK)
        out.write(f"{row.count:>{count_width}}  {row.rule:<{rule_width}}  {row.severity:<7}  {mark} {_short(row.summary)}\n")
    out.write(f"{plural(sum(row.count for row in table), 'finding')} in {plural(len(table), 'rule')}.\n")


def _short(summary: str, limit: int = 70) -> str:
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"
