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


#: The most values front matter may stand for once YAML aliases are expanded. A few aliases
#: are fine; 416 bytes of nested aliases ("billion laughs") stand for billions of values,
#: which a check turning a value into text would build.
MAX_VALUES = 10_000
#: Deepest ``[``/``{`` nesting read (real front matter uses two or three).
MAX_DEPTH = 64
_BRACKETS = re.compile(r"[\[\]{}]")
#: Tags whose values no check expects (bytes, sets, pairs): kept as written, and reported.
UNSUPPORTED_TAGS = ("binary", "set", "omap", "pairs")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps a value it cannot build as written and remembers where it was,
    so the rest of the front matter (``lang``, ``sponsored``) still applies while the writer
    is told: an impossible date (``2024-27-06``, day and month swapped), a bad explicit tag
    (``!!timestamp x``, ``!!float abc``), an unknown or unsupported tag (``!!python/…``,
    ``!!binary``)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.unbuildable: list[tuple[yaml.Node, str]] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (yaml.constructor.ConstructorError, ValueError, TypeError, AttributeError, OverflowError) as error:
            self.recursive_objects.pop(node, None)
            self.unbuildable.append((node, _reason(node, error)))
            return self.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


def _unsupported(loader: _Loader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(None, None, "this tag is not supported in front matter", node.start_mark)


for _tag in UNSUPPORTED_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _unsupported)


def _reason(node: yaml.Node, error: Exception) -> str:
    """Why a value could not be built, in words (PyYAML's own are often an internal error)."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if isinstance(error, yaml.constructor.ConstructorError):
        return f"{tag}: {error.problem}"
    if isinstance(error, ValueError):
        return str(error)
    return f"not a valid {tag}"


def _yaml(body: str) -> "Parsed | ParseProblem | _Partial":
    """Data and key lines; a :class:`ParseProblem` for YAML that cannot be read at all. An
    unbuildable value is reported through :func:`read` with the data kept."""
    deep = _too_deep(body)
    if deep is not None:
        return messages.problem("parse.yaml", deep, 1, detail=f"nested too deeply (more than {MAX_DEPTH} levels of [ and {{)")
    loader = None
    try:
        loader = _Loader(body)
        node = loader.get_single_node()
        expanded = _expanded_size(node, {}, set()) if node is not None else 0
        if expanded > MAX_VALUES:
            return messages.problem("parse.yaml", detail=f"its aliases (*name) expand to more than {MAX_VALUES:,} values or refer to themselves; not read")
        data = loader.construct_document(node) if node is not None else {}
    except yaml.reader.ReaderError as error:
        return _bad_character(body, error)
    except yaml.YAMLError as error:
        # The context mark is where the broken construct began (an unclosed quote's opening),
        # which is where a writer has to look; the problem mark is where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        what = ", ".join(p for p in (getattr(error, "context", None), getattr(error, "problem", None)) if p)
        what = what or str(error).splitlines()[0]
        return messages.problem("parse.yaml", (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, detail=what)
    except RecursionError:
        return messages.problem("parse.yaml", (loader.line + 1) if loader is not None else 1, 1, detail="nested too deeply")
    except ValueError as error:  # any other value PyYAML recognises but cannot build
        return messages.problem("parse.yaml", detail=str(error))
    finally:
        if loader is not None:
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
        bad, why = loader.unbuildable[0]
        mark = bad.start_mark
        shown = f"{bad.value!r} " if isinstance(bad, yaml.ScalarNode) else ""
        return _Partial(result, messages.problem("parse.yaml", mark.line + 1, mark.column + 1, detail=f"{shown}cannot be read ({why})"))
    return result


def _too_deep(body: str) -> int | None:
    """The 1-based line where ``[``/``{`` nesting passes :data:`MAX_DEPTH` (None if it never
    does). PyYAML's scanner is quadratic in flow nesting and its composer recursive, so
    ``[[[[…`` is refused before it is parsed; brackets inside strings count too, which only a
    front matter no one writes would notice."""
    depth = 0
    for match in _BRACKETS.finditer(body):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return body.count("\n", 0, match.start()) + 1
    return None


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for with every alias expanded, counted once per node
    (so a bomb is measured without being expanded); past :data:`MAX_VALUES` the count stops.
    A node that contains itself counts as too many."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        return MAX_VALUES + 1
    open_nodes.add(key)
    total = 1
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
    for child in children:
        total += _expanded_size(child, sizes, open_nodes)
        if total > MAX_VALUES:
            break
    open_nodes.discard(key)
    sizes[key] = total
    return total


def _bad_character(body: str, error: yaml.reader.ReaderError) -> ParseProblem:
    """A character YAML does not allow (a control character pasted from a terminal or a
    word processor), located exactly."""
    before = body[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    code = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
    kind = "control character" if isinstance(error.character, int) and (error.character < 0x20 or 0x7F <= error.character < 0xA0) else "character"
    return messages.problem("parse.yaml", line, column, detail=f"{kind} {code} is not allowed in YAML; delete it (or write it as an escape inside double quotes)")


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
    except RecursionError:
        return messages.problem("parse.toml", detail="nested too deeply")
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
