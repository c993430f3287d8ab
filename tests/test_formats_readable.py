"""The human formats read right: a long line shows a window around its span, the checklist
marks say what they mean (info-only rows, a legend for "–"), and counts agree in number."""

from __future__ import annotations

import io

import pytest

from postcheck.formatters import Style, checklist, text
from postcheck.formatters.text import MAX_SOURCE_WIDTH, window
from postcheck.runner import RunResult, check_text


def result_for(registry, *posts: str, config: dict | None = None) -> RunResult:
    reports = [check_text(body, registry, lang="en", config=config, name=f"post{i}.md") for i, body in enumerate(posts)]
    return RunResult(reports=reports, registry=registry, config=None)  # type: ignore[arg-type]


def rendered(module, result: RunResult, **style) -> str:
    out = io.StringIO()
    module.render(result, out, Style(**style))
    return out.getvalue()


def test_a_long_paragraph_shows_a_window_around_the_span(registry):
    before = "Our team wrote about the quarter, the launch and the people who made it happen. " * 8
    post = before + "We promise guaranteed results." + " And then we talked about other, calmer things." * 6 + "\n"
    output = rendered(text, result_for(registry, post))
    source, carets = [line for line in output.splitlines() if line.startswith(("1 |", "  |"))][1:3]
    assert len(source) <= MAX_SOURCE_WIDTH + 6 and source.startswith("1 | …") and source.endswith("…")
    start = carets.index("^")
    assert source[start : start + len("guaranteed results")] == "guaranteed results"
    assert carets[start:].strip() == "^" * len("guaranteed results")


LONG = "".join(f"{i:03d}," for i in range(75))  # 300 characters, every stretch of it unique


@pytest.mark.parametrize(
    "line, start, end",
    [("x" * 50, 10, 20), (LONG, 0, 5), (LONG, 295, 300), (LONG, 100, 280), (LONG, 150, 150)],
)
def test_window_keeps_the_span_visible_and_the_carets_aligned(line, start, end):
    shown, first, marked = window(line, start, end)
    assert len(shown) <= MAX_SOURCE_WIDTH + 2
    assert marked >= 1 and first + marked <= len(shown)
    if len(line) <= MAX_SOURCE_WIDTH:
        assert (shown, first, marked) == (line, start, end - start)
    text_in_window = shown.removeprefix("…").removesuffix("…")
    left = first - (1 if shown.startswith("…") else 0)
    assert line.index(text_in_window) + left == start  # the carets stand under the span's first character
    assert marked == min(max(end, start + 1) - start, len(text_in_window) - left)


def test_an_info_only_row_passes_and_says_info(registry):
    output = rendered(text, result_for(registry, "Our AI-powered planner is here.\n"))
    row = next(line for line in output.splitlines() if "  claims " in line)
    assert "deceptive ✓ 1 info" in row and "✓ pass" in row
    assert "Legend: ✓ pass  ! warnings  ✗ errors  – not checked" in output


def test_a_row_with_errors_and_info_counts_them_apart(registry):
    output = rendered(text, result_for(registry, "Our AI-powered planner gives guaranteed results.\n"))
    row = next(line for line in output.splitlines() if "  claims " in line)
    assert "deceptive ✗ 1 +1 info" in row


def test_quiet_text_is_the_findings_only(registry):
    output = rendered(text, result_for(registry, "Guaranteed results.\n"), quiet=True)
    assert output.startswith("post0.md:1:1: deceptive/guaranteed-results") and "Checklist" not in output and "checked" not in output


@pytest.mark.parametrize(
    "posts, heading",
    [
        (["Guaranteed results.\n"], "## postcheck: 1 of 1 post needs attention"),
        (["Guaranteed results.\n", "Calm.\n"], "## postcheck: 1 of 2 posts needs attention"),
        (["Guaranteed results.\n", "Last chance!\n"], "## postcheck: 2 of 2 posts need attention"),
        (["Calm.\n"], "## postcheck: 0 of 1 post need attention"),
    ],
)
def test_the_markdown_checklist_agrees_in_number(registry, posts, heading):
    assert rendered(checklist, result_for(registry, *posts)).splitlines()[0] == heading


def test_the_markdown_checklist_says_info_for_an_info_only_row(registry):
    output = rendered(checklist, result_for(registry, "Our AI-powered planner is here.\n"))
    assert "- [x] No deceptive-practice phrasing (1 info)" in output
