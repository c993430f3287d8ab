"""Hostile and broken posts: every problem is a finding on that post, at the exact place,
never a traceback, and the run goes on (issue 14)."""

from __future__ import annotations

import pytest

from postcheck.parse import parse_bytes, parse_text
from postcheck.runner import check_text

from pathlib import Path


def problem_of(text: str):
    doc = parse_text(text, "post.md")
    return doc, doc.problem


@pytest.mark.parametrize(
    "value, words",
    [
        ("title: a\x07b", "control character U+0007"),
        ("title: a\x1bb", "control character U+001B"),
        ("x: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_unreadable_front_matter_is_a_finding_not_a_crash(value, words):
    doc, problem = problem_of(f"---\nlang: en\n{value}\n---\nGuaranteed results for you.\n")
    assert problem is not None and words in problem.message, problem
    assert problem.line == 3
    assert doc.readable and doc.blocks[-1].text == "Guaranteed results for you."


@pytest.mark.parametrize(
    "value, shown",
    [
        ("date: !!timestamp x", "!!timestamp x"),
        ("date: !!timestamp 2024-99-99", "!!timestamp 2024-99-99"),
        ("x: !!python/object:os.system ls", "!!python/object:os.system ls"),
        ("x: !!binary '!!!'", "!!binary '!!!'"),
        ("x: !!float abc", "!!float abc"),
        ("x: !!int 0xzz", "!!int 0xzz"),
        ("x: !!omap [1]", "!!omap [1]"),
    ],
)
def test_a_value_that_cannot_be_built_is_a_front_matter_finding(registry, value, shown):
    """A bad or unsupported tag spoils its key only (kept as written): the rest of the front
    matter applies, and the value is a ``postcheck/front-matter`` finding at its line."""
    text = f"---\nlang: en\n{value}\n---\nGuaranteed results for you.\n"
    doc, problem = problem_of(text)
    assert problem is None and doc.front_matter.unreadable == [value.split(":")[0]]
    assert doc.front_matter.get("lang") == "en" and doc.blocks[-1].text == "Guaranteed results for you."
    [finding] = [f for f in check_text(text, registry).findings if f.rule == "postcheck/front-matter"]
    assert finding.span.start.line == 3 and shown in finding.message, finding.message


def test_a_control_character_is_located_exactly():
    _, problem = problem_of("---\nlang: en\ntitle: ab\x07c\n---\nBody.\n")
    assert (problem.line, problem.column) == (3, 10)


def test_toml_nested_too_deeply_is_a_finding():
    doc, problem = problem_of("+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody.\n")
    assert problem is not None and "nested too deeply" in problem.message
    assert doc.blocks[-1].text == "Body."


def test_yaml_alias_bomb_is_a_finding_and_fast(registry):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "---\n" + "\n".join(levels) + "\ntitle: *a8\nchannel: *a8\n---\nGuaranteed results.\n"
    assert len(text) < 600
    report = check_text(text, registry, lang="en")
    rules = {f.rule for f in report.findings}
    assert "postcheck/parse-error" in rules and "deceptive/guaranteed-results" in rules
    parse_error = next(f for f in report.findings if f.rule == "postcheck/parse-error")
    assert "aliases" in parse_error.message


def test_a_few_aliases_are_fine():
    doc, problem = problem_of("---\ntags: &t [a, b]\nalso: *t\n---\nBody.\n")
    assert problem is None and doc.front_matter.get("also") == ["a", "b"]


@pytest.mark.parametrize("space", ["\u00a0", "\u2028", "\u2029", "\u3000", "\u1680", "\x0b", "\x0c", "\u2007"])
def test_unicode_white_space_at_the_start_of_a_block_keeps_positions(registry, space):
    text = f"Intro.\n\n{space}\nGuaranteed results for you.\n"
    finding = next(f for f in check_text(text, registry, lang="en").findings if f.rule == "deceptive/guaranteed-results")
    assert (finding.span.start.line, finding.span.start.column) == (4, 1)
    assert finding.excerpt == "Guaranteed results"


@pytest.mark.parametrize("space", ["\u00a0", "\u2028", "\u3000"])
def test_unicode_white_space_at_the_start_of_a_heading_and_a_cell(registry, space):
    text = f"# {space}Guaranteed results\n\n| a |\n|---|\n| {space}Guaranteed results |\n"
    findings = [f for f in check_text(text, registry, lang="en").findings if f.rule == "deceptive/guaranteed-results"]
    assert [(f.span.start.line, f.span.start.column) for f in findings] == [(1, 4), (5, 4)]


@pytest.mark.parametrize(
    "raw, line, column",
    [
        (b"\xef\xbb\xbfab\xff\n", 1, 3),  # the BOM is not a column
        (b"a\rb\rc\xff\n", 3, 2),  # lone CR ends a line
        (b"a\r\nb\r\n\xffc", 3, 1),
        (b"\xef\xbb\xbfa\rb\r\ncd\xfe", 3, 3),
        ("ș\rț".encode() + b"\xff", 2, 2),
    ],
)
def test_invalid_utf8_positions_follow_line_ends_and_skip_the_bom(raw, line, column):
    doc = parse_bytes(raw, Path("x.md"), "x.md")
    assert (doc.problem.line, doc.problem.column) == (line, column), doc.problem
