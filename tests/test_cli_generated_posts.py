"""2,000 generated posts through the API the CLI uses (issue 14): no exception, no crashed
check, every finding inside the file and ending at or after its start. Fixed seed, so a
failure is reproducible; ``bench/hostile.py --generated 10000`` runs a bigger budget."""

from __future__ import annotations

from support.generated import check_many

CASES = 2000
SEED = 14


def test_generated_posts_never_crash_and_every_finding_is_inside_the_file():
    problems = check_many(CASES, SEED)
    assert problems == [], "\n".join(problems[:20])


def test_generated_mdx_posts_too():
    problems = check_many(100, SEED + 1, suffix=".mdx")
    assert problems == [], "\n".join(problems[:20])
