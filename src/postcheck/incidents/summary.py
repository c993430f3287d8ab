"""Count incidents per quarter, against the target, and render the result.

Every quarter of the asked period is listed, with 0 when nothing happened: a quiet quarter
is a result the team reports, not a gap. The change is counted against the row before; the
first row is compared with the whole quarter before it, which is outside the period.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, TextIO

from postcheck.findings import FAMILIES
from postcheck.formatters._shared import markdown_row
from postcheck.incidents.ledger import ACTIONS, Incident
from postcheck.incidents.quarters import Quarter, quarter_of

#: How an entry without a channel or owner is counted.
UNKNOWN = "unknown"
BREAKDOWNS = ("family", "action", "channel", "owner")


@dataclass
class QuarterSummary:
    quarter: Quarter
    incidents: int
    posts: int
    on_target: bool
    #: Incidents in the quarter before, for the change.
    previous: int
    by: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The incidents counted, by date.
    entries: list[Incident] = field(default_factory=list)

    @property
    def change(self) -> int:
        return self.incidents - self.previous


@dataclass
class Summary:
    target: int
    fiscal_year_start: int
    since: date
    until: date
    quarters: list[QuarterSummary]

    @property
    def total(self) -> int:
        return sum(q.incidents for q in self.quarters)

    @property
    def on_target_count(self) -> int:
        return sum(q.on_target for q in self.quarters)


def summarize(incidents: list[Incident], quarters: list[Quarter], target: int, since: date | None = None, until: date | None = None) -> Summary:
    """Count ``incidents`` dated within ``since``..``until`` (default: the quarters' bounds)
    in each of ``quarters``."""
    since = since or quarters[0].start
    until = until or quarters[-1].end
    by_quarter: dict[Quarter, list[Incident]] = defaultdict(list)
    for incident in incidents:
        by_quarter[quarter_of(incident.date, quarters[0].start_month)].append(incident)
    rows: list[QuarterSummary] = []
    for quarter in quarters:
        inside = [i for i in by_quarter[quarter] if since <= i.date <= until]
        previous = rows[-1].incidents if rows else len(by_quarter[quarter.previous()])
        rows.append(
            QuarterSummary(
                quarter=quarter,
                incidents=len(inside),
                posts=len({i.post for i in inside}),
                on_target=len(inside) <= target,
                previous=previous,
                by={name: _breakdown(inside, name) for name in BREAKDOWNS},
                entries=sorted(inside, key=lambda i: (i.date, i.post)),
            )
        )
    return Summary(target, quarters[0].start_month, since, until, rows)


def _breakdown(incidents: list[Incident], name: str) -> dict[str, int]:
    """Counts by one dimension: families and actions in their canonical order, the rest
    alphabetically, ``unknown`` last."""
    value: Callable[[Incident], str] = {
        "family": lambda i: i.family_name,
        "action": lambda i: i.action,
        "channel": lambda i: i.channel or UNKNOWN,
        "owner": lambda i: i.owner or UNKNOWN,
    }[name]
    counts = Counter(value(i) for i in incidents)
    order = {"family": list(FAMILIES), "action": list(ACTIONS)}.get(name, [])
    rank = lambda key: (key == UNKNOWN, order.index(key) if key in order else len(order), key)  # noqa: E731
    return {key: counts[key] for key in sorted(counts, key=rank)}


# --- rendering ---------------------------------------------------------------------------


def to_json(summary: Summary) -> dict[str, Any]:
    """The contract's shape (``target``, ``quarters[]`` with ``quarter``, ``incidents``,
    ``posts``, ``on_target``, ``by_family``, ``by_action``), plus extra fields."""
    return {
        "target": summary.target,
        "quarters": [
            {
                "quarter": q.quarter.label,
                "incidents": q.incidents,
                "posts": q.posts,
                "on_target": q.on_target,
                "by_family": q.by["family"],
                "by_action": q.by["action"],
                "by_channel": q.by["channel"],
                "by_owner": q.by["owner"],
                "start": q.quarter.start.isoformat(),
                "end": q.quarter.end.isoformat(),
                "previous": q.previous,
                "change": q.change,
            }
            for q in summary.quarters
        ],
        "fiscal_year_start": summary.fiscal_year_start,
        "since": summary.since.isoformat(),
        "until": summary.until.isoformat(),
        "total": {"incidents": summary.total, "quarters_on_target": summary.on_target_count, "quarters": len(summary.quarters)},
    }


def render_json(summary: Summary, out: TextIO) -> None:
    out.write(json.dumps(to_json(summary), indent=2, ensure_ascii=False) + "\n")


def render_text(summary: Summary, out: TextIO) -> None:
    """A table of quarters, each followed by its breakdowns when it had incidents."""
    out.write(f"Compliance incidents per quarter, {_period(summary)}; target: at most {summary.target} per quarter\n\n")
    header = ("quarter", "incidents", "posts", "target", "change")
    out.write(f"{header[0]:<9} {header[1]:>9} {header[2]:>5}  {header[3]:<6} {header[4]:>6}\n")
    for q in summary.quarters:
        status = "on" if q.on_target else "OVER"
        out.write(f"{q.quarter.label:<9} {q.incidents:>9} {q.posts:>5}  {status:<6} {_signed(q.change):>6}\n")
        for name in BREAKDOWNS:
            if q.by[name]:
                out.write(f"{'':<10}{name + ':':<9} {_counts(q.by[name])}\n")
    out.write(f"\n{summary.total} incident(s); {summary.on_target_count} of {len(summary.quarters)} quarter(s) on target.\n")


def render_markdown(summary: Summary, out: TextIO) -> None:
    """A heading, the table of quarters and the list of incidents, ready for a report."""
    out.write(f"## Compliance incidents per quarter, {_period(summary)}\n\n")
    out.write(f"Target: at most {summary.target} incident(s) per quarter. ")
    out.write(f"{summary.on_target_count} of {len(summary.quarters)} quarter(s) on target, {summary.total} incident(s) in total.\n\n")
    out.write("| Quarter | Incidents | Posts | On target | Change | By family | By action | By channel | By owner |\n")
    out.write("| --- | ---: | ---: | :---: | ---: | --- | --- | --- | --- |\n")
    for q in summary.quarters:
        status = "✅ yes" if q.on_target else "❌ no"
        cells = [q.quarter.label, str(q.incidents), str(q.posts), status, _signed(q.change)]
        cells += [_counts(q.by[name]) or "–" for name in BREAKDOWNS]
        out.write(markdown_row(cells))
    entries = [i for q in summary.quarters for i in q.entries]
    if entries:
        out.write("\n### Incidents\n\n| Date | Post | Action | Rule | Channel | Owner | Note |\n| --- | --- | --- | --- | --- | --- | --- |\n")
        for i in entries:
            out.write(markdown_row([i.date.isoformat(), f"`{i.post}`", i.action, f"`{i.family}`", i.channel or "–", i.owner or "–", i.note or "–"]))


def render_csv(summary: Summary, out: TextIO) -> None:
    """One row per quarter; one column per family and action, and per channel and owner seen."""
    seen = {name: _keys(summary, name) for name in BREAKDOWNS}
    seen["family"] = list(FAMILIES)
    seen["action"] = list(ACTIONS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["quarter", "start", "end", "incidents", "posts", "target", "on_target", "change"]
        + [f"{name}:{key}" for name in BREAKDOWNS for key in seen[name]]
    )
    for q in summary.quarters:
        writer.writerow(
            [q.quarter.label, q.quarter.start, q.quarter.end, q.incidents, q.posts, summary.target, str(q.on_target).lower(), q.change]
            + [q.by[name].get(key, 0) for name in BREAKDOWNS for key in seen[name]]
        )
    out.write(buffer.getvalue())


RENDERERS: dict[str, Callable[[Summary, TextIO], None]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}


def _keys(summary: Summary, name: str) -> list[str]:
    """Every key of one breakdown over the whole period, in breakdown order."""
    merged: Counter[str] = Counter()
    for q in summary.quarters:
        merged.update(q.by[name])
    return [key for key in sorted(merged, key=lambda k: (k == UNKNOWN, k))]


def _period(summary: Summary) -> str:
    first, last = summary.quarters[0].quarter.label, summary.quarters[-1].quarter.label
    quarters = first if first == last else f"{first} to {last}"
    bounds = summary.since == summary.quarters[0].quarter.start and summary.until == summary.quarters[-1].quarter.end
    if not bounds:
        quarters += f" ({summary.since} to {summary.until})"
    if summary.fiscal_year_start != 1:
        quarters += f", fiscal years starting in {calendar.month_name[summary.fiscal_year_start]}"
    return quarters


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else str(number)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {count}" for key, count in counts.items())
