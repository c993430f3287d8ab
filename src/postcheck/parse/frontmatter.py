"""Front matter: YAML between ``---`` fences or TOML between ``+++`` fences, on line 1.

Parsed here rather than by a markdown-it plugin so that an unclosed fence or invalid YAML is
reported with its exact line instead of silently becoming prose, and so that every top-level
key keeps the line it was written on (findings about ``sponsored:`` point there).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

from postcheck import messages
from postcheck.model import FrontMatter, ParseProblem, Position, Span

FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
#: Data, the line of each top-level key, and the span of each top-level value.
Parsed = tuple[dict[str, Any], dict[str, int], dict[str, Span]]
TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]+\")\s*=")


@dataclass
class FrontMatterResult:
    front_matter: FrontMatter
    #: How many lines at the top belong to the front matter (0 when none).
    line_count: int
    problem: ParseProblem | None = None


def read(lines: list[str]) -> FrontMatterResult:
    """Find and parse the front matter at the top of ``lines``."""
    if not lines or lines[0].rstrip() not in FENCES:
        return FrontMatterResult(FrontMatter(), 0)
    fmt, closers = FENCES[lines[0].rstrip()]
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if close is None:
        problem = messages.problem("parse.unclosed", fence=lines[0].rstrip())
        return FrontMatterResult(FrontMatter(first_line=1, last_line=len(lines), format=fmt), len(lines), problem)
    body = "\n".join(lines[1:close])
    front_matter = FrontMatter(first_line=1, last_line=close + 1, format=fmt)
    parsed = _yaml(body) if fmt == "yaml" else _toml(body)
    problem = None
    if isinstance(parsed, _Partial):
        parsed, problem = parsed.parsed, parsed.problem
    if isinstance(parsed, ParseProblem):
        parsed, problem = ({}, {}, {}), parsed
    if problem is not None:
        problem.line += 1  # the body starts on line 2
    front_matter.data, front_matter.key_lines, front_matter.value_spans = parsed
    key = _key_holding(front_matter, problem)
    if key is not None:
        # One value that could not be built (an impossible date) spoils that key only: the
        # front-matter check reports it, as a warning unless postcheck needs the key.
        front_matter.unreadable.append(key)
        problem = None
    return FrontMatterResult(front_matter, close + 1, problem)


def _key_holding(front_matter: FrontMatter, problem: ParseProblem | None) -> str | None:
    """The top-level key whose value holds the problem's position, when the rest of the front
    matter was read (a problem that spoilt everything has no key)."""
    if problem is None or not front_matter.data:
        return None
    where = Position(problem.line, problem.column)
    return next((key for key, span in front_matter.value_spans.items() if span.start <= where < span.end), None)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps a value YAML recognises but cannot build (``date: 2024-27-06``,
    day and month swapped) as the string written, and remembers where it was, so the rest of
    the front matter (``lang``, ``sponsored``) still applies while the writer is told."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.unbuildable: list[tuple[yaml.ScalarNode, ValueError]] = []


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        loader.unbuildable.append((node, error))
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _yaml(body: str) -> "Parsed | ParseProblem | _Partial":
    """Data and key lines; a :class:`ParseProblem` for YAML that cannot be read at all. An
    unbuildable value is reported through :func:`read` with the data kept."""
    loader = _Loader(body)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        # The context mark is where the broken construct began (an unclosed quote's opening),
        # which is where a writer has to look; the problem mark is where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        what = ", ".join(p for p in (getattr(error, "context", None), getattr(error, "problem", None)) if p)
        what = what or str(error).splitlines()[0]
        return messages.problem("parse.yaml", (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, detail=what)
    except ValueError as error:  # any other value PyYAML recognises but cannot build
        return messages.problem("parse.yaml", detail=str(error))
    finally:
        loader.dispose()
    if data is None:
        return {}, {}, {}
    if not isinstance(data, dict):
        return messages.problem("parse.not-mapping")
    pairs = node.value if node is not None else []
    key_lines = {str(key.value): key.start_mark.line + 2 for key, _ in pairs}
    # The body starts on line 2; marks are 0-based.
    value_spans = {
        str(key.value): Span(
            Position(value.start_mark.line + 2, value.start_mark.column + 1),
            Position(value.end_mark.line + 2, value.end_mark.column + 1),
        )
        for key, value in pairs
    }
    result = {str(k): v for k, v in data.items()}, key_lines, value_spans
    if loader.unbuildable:
        scalar, error = loader.unbuildable[0]
        mark = scalar.start_mark
        return _Partial(result, ParseProblem(f"invalid YAML front matter: {scalar.value!r} cannot be read ({error})", mark.line + 1, mark.column + 1))
    return result


@dataclass
class _Partial:
    """Front matter that was read, with one value that could not be (kept as written)."""

    parsed: "Parsed"
    problem: ParseProblem


def _toml(body: str) -> "Parsed | ParseProblem":
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _toml_error_line(str(error))
        return messages.problem("parse.toml", line, 1, detail=str(error).split(" (at")[0])
    key_lines: dict[str, int] = {}
    value_spans: dict[str, Span] = {}
    for index, text in enumerate(body.split("\n")):
        if text.lstrip().startswith("["):
            break  # keys after the first table header belong to that table
        match = TOML_KEY.match(text)
        if match and match.group(1).strip('"') not in key_lines:
            key = match.group(1).strip('"')
            key_lines[key] = index + 2
            start = len(text) - len(text[match.end() :].lstrip())
            value_spans[key] = Span(Position(index + 2, start + 1), Position(index + 2, len(text.rstrip()) + 1))
    return data, key_lines, value_spans


def _toml_error_line(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1
