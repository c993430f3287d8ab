"""Pathological posts (tests/support/hostile.py: the cases measured in issue 14 and more,
generated at sizes that took from 8 s to forever, or crashed, before): each runs through the
API the CLI uses in a child process with 2 GB of memory and must finish within the budget,
with no crashed check. ``bench/hostile.py`` prints the times at bigger sizes."""

from __future__ import annotations

import pytest

from support.hostile import CASES, measure

BUDGET = 10.0  # seconds per case; most take well under one on an idle 2-core machine


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Import spaCy and build the claims pipelines once, so that the forked children do not
    each pay for it."""
    from support.hostile import run_case

    run_case(CASES[0], 1)
    from postcheck.runner import check_text
    from postcheck.rulepack import load_registry

    registry = load_registry()
    check_text("We grew 42% last year.", registry, lang="en")
    check_text("Am crescut cu 42% anul trecut.", registry, lang="ro")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_pathological_post_finishes_in_time_without_a_crash(case):
    budget = case.budget or BUDGET
    took, _, problem = measure(case, case.ci, budget)
    assert problem == "", problem
    assert took < budget
