"""Quarters of a calendar or fiscal year.

With ``fiscal_year_start: M`` (1-12) quarter 1 starts on the first of month M. A fiscal year
that does not start in January is named after the calendar year it *ends* in (the US federal
and most corporate convention: with ``fiscal_year_start: 10``, FY2027 runs from 1 October
2026 to 30 September 2027, and its Q1 is October-December 2026). Quarters are computed on
whole months with :mod:`datetime`, so year ends and leap days need no special cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_LABEL = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


class QuarterError(ValueError):
    """A quarter label or range that cannot be used; the message says what was expected."""


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1-4) of the (fiscal) ``year``, for a year starting in ``start_month``."""

    year: int
    number: int
    start_month: int = 1

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        """The first day of the quarter."""
        first_year = self.year - (1 if self.start_month != 1 else 0)
        months = (self.start_month - 1) + 3 * (self.number - 1)
        return date(first_year + months // 12, months % 12 + 1, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.start_month)
        return Quarter(self.year, self.number + 1, self.start_month)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.start_month)
        return Quarter(self.year, self.number - 1, self.start_month)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def quarter_of(day: date, start_month: int = 1) -> Quarter:
    """The quarter ``day`` falls in."""
    offset = (day.month - start_month) % 12
    first_year = day.year if day.month >= start_month else day.year - 1
    year = first_year + (1 if start_month != 1 else 0)
    return Quarter(year, offset // 3 + 1, start_month)


def parse_quarter(text: str, start_month: int = 1) -> Quarter:
    """``2026-Q3`` (or ``2026Q3``, any case) → the quarter."""
    match = QUARTER_LABEL.match(text.strip())
    if not match:
        raise QuarterError(f"invalid quarter {text!r}: expected YEAR-QN, e.g. 2026-Q3")
    return Quarter(int(match.group(1)), int(match.group(2)), start_month)


def year_quarters(year: int, start_month: int = 1) -> list[Quarter]:
    """The four quarters of the (fiscal) ``year``."""
    return [Quarter(year, number, start_month) for number in range(1, 5)]


def quarters_between(since: date, until: date, start_month: int = 1) -> list[Quarter]:
    """Every quarter that overlaps ``since``..``until`` (inclusive), in order."""
    if until < since:
        raise QuarterError(f"the period ends ({until}) before it starts ({since})")
    current, last = quarter_of(since, start_month), quarter_of(until, start_month)
    found = [current]
    while current != last:
        current = current.next()
        found.append(current)
    return found
