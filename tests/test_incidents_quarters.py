"""Quarter arithmetic: calendar and fiscal quarters, year ends, leap days."""

from datetime import date

import pytest

from postcheck.incidents.quarters import Quarter, QuarterError, parse_quarter, quarter_of, quarters_between, year_quarters


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 1, 1), "2026-Q1"),
        (date(2026, 3, 31), "2026-Q1"),
        (date(2026, 4, 1), "2026-Q2"),
        (date(2026, 9, 30), "2026-Q3"),
        (date(2026, 12, 31), "2026-Q4"),
        (date(2028, 2, 29), "2028-Q1"),
    ],
)
def test_calendar_quarter_of(day, label):
    assert quarter_of(day).label == label


@pytest.mark.parametrize(
    ("start_month", "day", "label"),
    [
        # October fiscal year (US federal): FY2027 runs 2026-10-01 .. 2027-09-30.
        (10, date(2026, 9, 30), "2026-Q4"),
        (10, date(2026, 10, 1), "2027-Q1"),
        (10, date(2026, 12, 31), "2027-Q1"),
        (10, date(2027, 1, 1), "2027-Q2"),
        # April fiscal year: Q4 is January-March of the following calendar year.
        (4, date(2026, 3, 31), "2026-Q4"),
        (4, date(2026, 4, 1), "2027-Q1"),
        (4, date(2027, 2, 28), "2027-Q4"),
        # July: the year ends on 30 June.
        (7, date(2026, 6, 30), "2026-Q4"),
        (7, date(2026, 7, 1), "2027-Q1"),
        # December: a quarter that holds a leap day spans the calendar year end.
        (12, date(2027, 12, 1), "2028-Q1"),
        (12, date(2028, 2, 29), "2028-Q1"),
        (12, date(2028, 3, 1), "2028-Q2"),
        (12, date(2028, 11, 30), "2028-Q4"),
        # February: Q1 is February-April.
        (2, date(2028, 1, 31), "2028-Q4"),
        (2, date(2028, 2, 29), "2029-Q1"),
    ],
)
def test_fiscal_quarter_of(start_month, day, label):
    assert quarter_of(day, start_month).label == label


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
        (Quarter(2028, 1), date(2028, 1, 1), date(2028, 3, 31)),
        (Quarter(2027, 1, 10), date(2026, 10, 1), date(2026, 12, 31)),
        (Quarter(2027, 4, 10), date(2027, 7, 1), date(2027, 9, 30)),
        (Quarter(2028, 1, 12), date(2027, 12, 1), date(2028, 2, 29)),
        (Quarter(2027, 1, 12), date(2026, 12, 1), date(2027, 2, 28)),
        (Quarter(2029, 1, 2), date(2028, 2, 1), date(2028, 4, 30)),
        (Quarter(2028, 4, 2), date(2027, 11, 1), date(2028, 1, 31)),
    ],
)
def test_bounds(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)
    assert start in quarter and end in quarter
    assert quarter_of(start, quarter.start_month) == quarter == quarter_of(end, quarter.start_month)


@pytest.mark.parametrize("start_month", range(1, 13))
def test_quarters_tile_the_years_without_gaps(start_month):
    """Every day from 2027 to 2029 (one leap year) is in exactly one quarter, and consecutive
    quarters touch."""
    quarters = quarters_between(date(2027, 1, 1), date(2029, 12, 31), start_month)
    for before, after in zip(quarters, quarters[1:]):
        assert before.next() == after and after.previous() == before
        assert (after.start - before.end).days == 1
    assert sum((q.end - q.start).days + 1 for q in quarters[1:-1]) == (quarters[-2].end - quarters[1].start).days + 1
    assert all(q.end.month == (q.start.month + 1) % 12 + 1 for q in quarters)


def test_year_end_rollover():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter(2027, 1, 10).previous().end == date(2026, 9, 30)


def test_year_quarters_of_fiscal_year():
    quarters = year_quarters(2027, 10)
    assert [q.label for q in quarters] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert quarters[0].start == date(2026, 10, 1) and quarters[-1].end == date(2027, 9, 30)


def test_quarters_between():
    labels = [q.label for q in quarters_between(date(2025, 11, 15), date(2026, 7, 1))]
    assert labels == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert [q.label for q in quarters_between(date(2026, 5, 1), date(2026, 5, 1))] == ["2026-Q2"]
    with pytest.raises(QuarterError, match="ends"):
        quarters_between(date(2026, 5, 2), date(2026, 5, 1))


@pytest.mark.parametrize("text", ["2026-Q3", "2026q3", " 2026-q3 "])
def test_parse_quarter(text):
    assert parse_quarter(text) == Quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "Q3-2026", "2026", "26-Q1"])
def test_parse_quarter_rejects(text):
    with pytest.raises(QuarterError, match="expected YEAR-QN"):
        parse_quarter(text)
