"""Where the "suppress" code action writes its comment: the finding must be waived, and the post
must render exactly as before (a comment line in the wrong place splits a paragraph, a list or
a quote)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from postcheck.model import Position
from postcheck.parse import parse_bytes
from postcheck.runner import UNUSED_SUPPRESSION, check_text
from postcheck.server.placement import PLACEHOLDER, insertion

RULE = "deceptive/guaranteed-results"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def rendered(text: str) -> str:
    """The HTML a site would publish, comments removed, white space normalised."""
    html = MarkdownIt("commonmark").enable("table").render(text)
    return " ".join(COMMENT.sub("", html).split())


def suppress(text: str, name: str = "post.md") -> tuple[str, str]:
    """Insert the action's comment for the first finding of RULE; the edited text, and what
    stands in it where the placeholder should be."""
    doc = parse_bytes(text.encode(), Path(name), name)
    line = next(n for n, content in enumerate(doc.lines, start=1) if "guaranteed results" in content)
    placed = insertion(doc, RULE, line)
    assert placed is not None
    lines = text.split("\n")
    at: Position = placed.at
    target = lines[at.line - 1]
    lines[at.line - 1] = target[: at.column - 1] + placed.text + target[at.column - 1 :]
    edited = "\n".join(lines)
    reason = placed.reason
    selected = edited.split("\n")[reason.start.line - 1][reason.start.column - 1 : reason.end.column - 1]
    assert edited.split("\n")[reason.start.line - 1] == placed.reason_line
    return edited, selected


CASES = {
    "inside a paragraph": "# T\n\nWe coach teams and\nour coaching delivers guaranteed results in 30 days,\nsays the flyer.\n",
    "first line of a paragraph": "# T\n\nOur coaching delivers guaranteed results.\n",
    "a tight list": "# T\n\n- one item\n- guaranteed results\n- three\n",
    "a loose list": "# T\n\n- one item\n\n- guaranteed results\n\n- three\n",
    "an ordered list": "# T\n\n1. one item\n\n10. guaranteed results\n",
    "a quote": "# T\n\n> one line\n> guaranteed results here\n",
    "a quote's second paragraph": "# T\n\n> one line\n>\n> guaranteed results here\n",
    "after a hard break": "# T\n\nline one  \nguaranteed results here\n",
    "after a backslash break": "# T\n\nline one\\\nguaranteed results here\n",
    "after a heading": "# Guaranteed\nguaranteed results here\n",
    "after a code block": "# T\n\n```\ncode\n```\nguaranteed results here\n",
    "in the title": "---\ntitle: guaranteed results\n---\n\nBody.\n",
    "in a front-matter-only file": "---\ntitle: guaranteed results\n---\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_comment_waives_the_finding_and_the_post_renders_the_same(text, registry):
    before = check_text(text, registry)
    assert RULE in [f.rule for f in before.findings]
    edited, selected = suppress(text)
    assert selected == PLACEHOLDER
    after = check_text(edited, registry)
    assert RULE not in [f.rule for f in after.findings]
    assert RULE in [f.rule for f in after.suppressed]
    assert UNUSED_SUPPRESSION not in [f.rule for f in after.findings]
    assert rendered(edited) == rendered(text)


def test_inside_a_paragraph_the_comment_joins_the_line_before():
    edited, _ = suppress(CASES["inside a paragraph"])
    assert "We coach teams and<!-- postcheck-disable-next-line deceptive/guaranteed-results -- reason -->\n" in edited


def test_a_hard_break_stays_last_on_its_line():
    edited, _ = suppress(CASES["after a hard break"])
    assert "line one<!-- postcheck-disable-next-line deceptive/guaranteed-results -- reason -->  \n" in edited


def test_no_comment_where_it_would_break_the_post():
    table = "| a | b |\n| --- | --- |\n| x | y |\n| guaranteed results | z |\n"
    assert insertion(parse_bytes(table.encode(), Path("t.md"), "t.md"), RULE, 4) is None
    mdx = "# T\n\nOur coaching delivers guaranteed results.\n"  # an HTML comment is an MDX syntax error
    assert insertion(parse_bytes(mdx.encode(), Path("t.mdx"), "t.mdx"), RULE, 3) is None


def test_a_line_of_spaces_costs_one_pass():
    text = "# T\n\nword" + " " * 50_000 + "x and\nguaranteed results here\n"
    doc = parse_bytes(text.encode(), Path("t.md"), "t.md")
    start = time.perf_counter()
    placed = insertion(doc, RULE, 4)
    assert time.perf_counter() - start < 1.0
    assert placed is not None and placed.at.column == len(doc.line_text(3)) + 1
