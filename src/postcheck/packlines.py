"""Lines in a rule pack file: the key a pack error is about, and a failing example.

Packs are loaded without positions (libyaml's fast loader builds plain values, and a run
needs no lines). When a line is wanted, for an error or a failing example, the file is
composed again into YAML nodes, which carry their marks; a normal run never pays for it.

An error message names what is wrong before it explains ("rule x: 'severity' must be…",
"…: bad pattern '(unclosed': …", "…: require.when must be…"), so the line is that of the first
key, dotted key path or quoted value of the rule the message names, else the rule's first line.
New messages get a line without anyone having to thread positions through the validation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

import yaml

from postcheck import yamlio

#: A quoted value (``'…'`` or ``"…"``, as ``repr`` writes it) or a word or dotted key path.
_TOKEN = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w.]*\w|[A-Za-z_])""")
#: How deep dotted key paths are followed (``require.front_matter.topics``).
_DEPTH = 3


def rule_node(path: str | Path, index: int) -> yaml.MappingNode | None:
    """The YAML node of ``rules[index]`` in the pack at ``path`` (None when unreadable)."""
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yamlio.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    rules = _child(root, "rules")
    if not isinstance(rules, yaml.SequenceNode) or not 0 <= index < len(rules.value):
        return None
    return rules.value[index]


def key_line(path: str | Path, key: str) -> int | None:
    """The 1-based line of the pack's top-level ``key``."""
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yamlio.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if isinstance(root, yaml.MappingNode):
        for name, _ in root.value:
            if name.value == key:
                return name.start_mark.line + 1
    return None


def rule_line(path: str | Path, index: int) -> int | None:
    """The 1-based line where ``rules[index]`` starts."""
    node = rule_node(path, index)
    return node.start_mark.line + 1 if node is not None else None


def example_line(path: str | Path, index: int, kind: str, number: int) -> int | None:
    """The line of ``rules[index].examples.<kind>[number]`` (``kind`` is match or no_match)."""
    items = _child(_child(rule_node(path, index), "examples"), kind)
    if isinstance(items, yaml.SequenceNode) and 0 <= number < len(items.value):
        return items.value[number].start_mark.line + 1
    return None


def locate(message: str, path: str | Path, index: int) -> str:
    """``message`` (``"<path>: rule x: problem"``) as ``"<path>:<line>: rule x: problem"``,
    with the line of what the problem names."""
    prefix = f"{path}: "
    node = rule_node(path, index)
    if not message.startswith(prefix) or not isinstance(node, yaml.MappingNode):
        return message
    rest = message[len(prefix) :]
    problem = rest.split(": ", 1)[1] if rest.startswith("rule ") and ": " in rest else rest
    return f"{path}:{_line_named(node, problem)}: {rest}"


def _line_named(rule: yaml.MappingNode, problem: str) -> int:
    """The line of the first key or value ``problem`` names, or of a key or value inside it
    named after it ("require: unknown key(s): txt" is about ``txt``)."""
    keys, values = _names(rule)
    best: tuple[str, int] | None = None
    for match in _TOKEN.finditer(problem):
        quoted, word = _unquote(match.group(1) or match.group(2)), match.group(3)
        found = [named[name] for name in (quoted, word) for named in (keys, values) if name is not None and name in named]
        if found and (best is None or found[0][0].startswith(best[0] + ".")):
            best = found[0]
    return best[1] if best else rule.start_mark.line + 1


def _names(rule: yaml.MappingNode) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """The rule's keys (by name and by dotted path) and scalar values, each with its dotted
    path and line."""
    keys: dict[str, tuple[str, int]] = {}
    values: dict[str, tuple[str, int]] = {}
    for path, key, value in _walk(rule, "", _DEPTH):
        keys.setdefault(path, (path, key.start_mark.line + 1))
        keys.setdefault(path.rsplit(".", 1)[-1], (path, key.start_mark.line + 1))
        for scalar in _scalars(value):
            values.setdefault(str(scalar.value), (f"{path}.", scalar.start_mark.line + 1))
    return keys, values


def _walk(node: yaml.Node, prefix: str, depth: int) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    if depth == 0 or not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        path = f"{prefix}{key.value}"
        yield path, key, value
        yield from _walk(value, f"{path}.", depth - 1)


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                yield item


def _child(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name:
                return value
    return None


def _unquote(inner: str | None) -> str | None:
    """The value a quoted token stands for (``repr`` doubles backslashes)."""
    if inner is None:
        return None
    try:
        return ast.literal_eval(f"'{inner}'")
    except (ValueError, SyntaxError):
        return inner
