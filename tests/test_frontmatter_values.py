"""Front matter that is valid YAML syntax but holds an impossible value is a parse problem,
not a crash (found on a real post: ``date: 2024-27-06``)."""

from pathlib import Path

from postcheck.parse import parse_bytes


def test_impossible_date_is_a_parse_problem_not_a_traceback():
    doc = parse_bytes(b"---\ntitle: Case study\ndate: 2024-27-06\n---\nBody.\n", Path("p.md"), "p.md")
    assert doc.problem is not None
    assert "month must be in 1..12" in doc.problem.message
