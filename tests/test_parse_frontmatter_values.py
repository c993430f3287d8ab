"""Front matter values that YAML recognises but cannot build are a parse error at their line,
never a traceback (a real post in the shared corpus has ``date: 2024-27-06``)."""

from __future__ import annotations

from postcheck.parse import parse_text


def test_an_impossible_date_is_a_problem_at_its_line() -> None:
    doc = parse_text("---\ntitle: Customer story\ndate: 2024-27-06\n---\nBody text.\n")

    assert doc.problem is not None
    assert (doc.problem.line, doc.problem.column) == (3, 7)
    assert doc.problem.message == "invalid YAML front matter: '2024-27-06' cannot be read (month must be in 1..12)"
    assert doc.readable and doc.blocks  # the body is still checked


def test_an_impossible_date_in_a_list_is_found_too() -> None:
    doc = parse_text("---\nevents:\n  - 2024-01-01\n  - 2024-02-30\n---\nBody.\n")

    assert doc.problem is not None
    assert (doc.problem.line, doc.problem.column) == (4, 5)
