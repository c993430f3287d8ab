"""Read and validate the proof-point register (``proof_points: FILE``).

The register lives in the content repository and is edited in pull requests like the posts,
so it is untrusted input: it must be a file inside the project (the config's folder), of a
sane size, and every entry is checked field by field. A malformed entry is a
:class:`RegisterError` (a configuration error: exit code 2) naming the file, the line, the
entry and the field, never a silent default: a misspelt ``expires`` would otherwise approve a
claim forever. Patterns are compiled by the phrase engine's
:func:`~postcheck.checks.phrases.compile_pattern`, exactly as the packs' patterns are: they
run in linear time (RE2, :mod:`postcheck.linear`), and what RE2 cannot run that way
(lookaround, backreferences) is refused with the pack loader's reason.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from postcheck import yamlio
from postcheck.checks.claims.proof_points import ProofPoint, Register
from postcheck.checks.phrases import compile_pattern
from postcheck.config import ConfigError
from postcheck.incidents.ledger import parse_date
from postcheck.linear import problem
from postcheck.model import Document, Link, LinkKind, Position, Span
from postcheck.registry import LANGUAGES

#: A register is a list of short entries; a bigger file is a mistake, not a register.
MAX_BYTES = 2 * 1024 * 1024
FIELDS = ("id", "claim", "match", "evidence", "owner", "reviewed", "expires", "channels")
REQUIRED = ("id", "claim", "match", "evidence", "owner", "reviewed")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class RegisterError(ConfigError):
    """The register cannot be used; the message names the file, entry and field."""


class _EntryError(ValueError):
    """A problem with one field of one entry (the loader adds file, line and entry)."""

    def __init__(self, field: str, problem: str, node: yaml.Node | None = None) -> None:
        super().__init__(problem)
        self.field = field
        self.node = node


def load(path: Path, root: Path, lang: str = "en") -> Register:
    """The register at ``path`` (inside ``root``, the config's folder), validated; kept while
    the file is unchanged (an editor's server checks on every keystroke, and compiling a few
    hundred entries' patterns takes a good part of a second)."""
    display = _display(path)
    text = _read(path, root, display)
    key = (str(path.resolve()), str(root.resolve()), display, lang, text)
    if key not in _LOADED:
        if len(_LOADED) >= 4:
            _LOADED.clear()
        _LOADED[key] = _parse(path, root, lang, display, text)
    return _LOADED[key]


_LOADED: dict[tuple[str, str, str, str, str], Register] = {}


def _parse(path: Path, root: Path, lang: str, display: str, text: str) -> Register:
    try:
        loader = yamlio.SafeLoader(text)  # libyaml's when PyYAML has it: ~20x faster to compose
        try:
            top = loader.get_single_node()
        finally:
            loader.dispose()
    except RecursionError:
        raise RegisterError(f"{display}: the register is nested too deeply to be a list of entries") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{display}:{mark.line + 1}" if mark else display
        raise RegisterError(f"{where}: invalid YAML: {getattr(error, 'problem', None) or error}") from None
    if top is None:
        top = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
    if not isinstance(top, yaml.SequenceNode):
        raise RegisterError(f"{display}: the register must be a list of entries (id, claim, match, evidence, owner, reviewed)")
    entries: list[ProofPoint] = []
    for index, node in enumerate(top.value):
        entry = _entry(loader, node, index, display, root)
        first = next((e for e in entries if e.id == entry.id), None)
        if first is not None:
            raise RegisterError(f"{display}:{entry.line}: entry {index + 1} ('{entry.id}'): id: already used by the entry on line {first.line}")
        entries.append(entry)
    lines = text.splitlines()
    links = [_evidence_link(entry) for entry in entries if entry.evidence_is_url]
    document = Document(path=display, abspath=path, lines=lines, links=links, lang=lang)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Register(path=path, display=display, entries=entries, document=document, digest=digest)


def _display(path: Path) -> str:
    """The register's path as reports show it: relative to the current folder when inside it."""
    relative = os.path.relpath(path, Path.cwd())
    return Path(relative).as_posix() if not relative.startswith("..") else path.as_posix()


def _read(path: Path, root: Path, display: str) -> str:
    resolved = path.resolve()
    if not _inside(resolved, root.resolve()):
        raise RegisterError(f"{display}: proof_points must name a file inside the project ({root})")
    try:
        if resolved.stat().st_size > MAX_BYTES:
            raise RegisterError(f"{display}: the register is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return resolved.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegisterError(f"{display}: proof_points: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise RegisterError(f"{display}: cannot read the register: {reason}") from None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _entry(loader: Any, node: yaml.Node, index: int, display: str, root: Path) -> ProofPoint:
    line = node.start_mark.line + 1
    written_id = _child(node, "id") if isinstance(node, yaml.MappingNode) else None
    named = isinstance(written_id, yaml.ScalarNode) and ID.match(str(written_id.value))
    name = f"entry {index + 1} ('{written_id.value}')" if named else f"entry {index + 1}"
    try:
        if not isinstance(node, yaml.MappingNode):
            raise _EntryError("", f"expected a mapping of {', '.join(REQUIRED)}")
        return _build(loader, _fields(node), line, root)
    except _EntryError as error:
        where = error.node.start_mark.line + 1 if error.node is not None else line
        field = f" {error.field}:" if error.field else ""
        raise RegisterError(f"{display}:{where}: {name}:{field} {error}") from None


def _fields(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Field name → (key node, value node); unknown and repeated fields are errors."""
    found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in FIELDS:
            raise _EntryError(str(name), f"unknown field (known: {', '.join(FIELDS)})", key)
        if name in found:
            raise _EntryError(name, "given twice", key)
        found[name] = (key, value)
    for name in REQUIRED:
        if name not in found:
            raise _EntryError(name, "missing")
    return found


def _build(loader: Any, fields: dict[str, tuple[yaml.Node, yaml.Node]], line: int, root: Path) -> ProofPoint:
    values = {name: (_value(loader, name, value), value) for name, (_, value) in fields.items()}
    reviewed = _date("reviewed", *values["reviewed"])
    expires = _date("expires", *values["expires"]) if "expires" in values else None
    if expires is not None and expires < reviewed:
        raise _EntryError("expires", f"{expires} is before reviewed ({reviewed})", values["expires"][1])
    evidence, evidence_node = _text("evidence", *values["evidence"]), values["evidence"][1]
    _check_evidence(evidence, evidence_node, root)
    return ProofPoint(
        id=_identifier(*values["id"]),
        claim=_text("claim", *values["claim"]),
        patterns=_patterns(*values["match"]),
        evidence=evidence,
        evidence_span=_value_span(evidence_node),
        owner=_text("owner", *values["owner"]),
        reviewed=reviewed,
        expires=expires,
        channels=_channels(*values["channels"]) if "channels" in values else None,
        line=line,
    )


def _value(loader: Any, name: str, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:  # an impossible date (2026-13-01) is a ValueError
        raise _EntryError(name, f"not a valid value: {error}", node) from None
    except RecursionError:
        raise _EntryError(name, "nested too deeply", node) from None


def _identifier(value: Any, node: yaml.Node) -> str:
    if not isinstance(value, str) or not ID.match(value):
        raise _EntryError("id", "expected a short name of letters, digits, '.', '_' or '-'", node)
    return value


def _text(name: str, value: Any, node: yaml.Node) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _EntryError(name, f"expected non-empty text, got {_kind(value)}", node)
    return value.strip()


def _date(name: str, value: Any, node: yaml.Node) -> date:
    day = parse_date(value)
    if day is None:
        raise _EntryError(name, f"expected a date YYYY-MM-DD, got {_kind(value)}", node)
    return day


def _patterns(value: Any, node: yaml.Node) -> dict[str, Any]:
    """``match: {en: [...], ro: [...]}``: each pattern checked alone, so an error names it."""
    if not isinstance(value, dict) or not value:
        raise _EntryError("match", f"expected a mapping of language ({', '.join(LANGUAGES)}) to a list of patterns", node)
    compiled: dict[str, Any] = {}
    for lang, sources in value.items():
        where, at = f"match.{lang}", _child(node, lang)
        if lang not in LANGUAGES:
            raise _EntryError(where, f"unknown language (one of {', '.join(LANGUAGES)})", at)
        if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s.strip() for s in sources):
            raise _EntryError(where, "expected a non-empty list of patterns (text)", at)
        for source in sources:  # one at a time, so an error names the pattern
            why = problem(source)  # what the pack loader refuses (lookaround, backreferences)
            try:
                alone = compile_pattern([source]) if why is None else None
            except ValueError as error:
                why = str(error)
            if alone is None:
                raise _EntryError(where, f"bad pattern {source!r}: {why}", at)
        compiled[lang] = alone if len(sources) == 1 else compile_pattern(sources)
    return compiled


def _child(node: yaml.Node, key: Any) -> yaml.Node:
    """The value node of ``key`` in a mapping node (the mapping itself when not found)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node
    return node


def _channels(value: Any, node: yaml.Node) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) and c.strip() for c in value):
        raise _EntryError("channels", "expected a non-empty list of channels (linkedin, x, newsletter, blog, …)", node)
    return tuple(dict.fromkeys(c.strip().lower() for c in value))


def _check_evidence(evidence: str, node: yaml.Node, root: Path) -> None:
    """A URL must be http(s) with a host; a path must stay inside the project."""
    if any(char.isspace() for char in evidence):
        raise _EntryError("evidence", "must not contain spaces", node)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", evidence)
    if scheme:
        try:
            host = urlsplit(evidence).hostname
        except ValueError:
            host = None
        if scheme.group(1).lower() not in ("http", "https") or not host:
            raise _EntryError("evidence", "expected an http(s) URL or a path in the repository", node)
        return
    if evidence.startswith(("/", "\\")) or not _inside((root / evidence).resolve(), root.resolve()):
        raise _EntryError("evidence", "a path must be relative to the config's folder and stay inside it", node)


def _value_span(node: yaml.Node) -> Span:
    """Where a scalar is written, quotes excluded (kept on its first line)."""
    start, end = node.start_mark, node.end_mark
    quoted = 1 if getattr(node, "style", None) in ("'", '"') else 0
    first = Position(start.line + 1, start.column + 1 + quoted)
    last_column = end.column + 1 - quoted if end.line == start.line else first.column + len(str(node.value))
    return Span(first, Position(first.line, max(first.column + 1, last_column)))


def _evidence_link(entry: ProofPoint) -> Link:
    """An evidence URL as a link of the register, for the links check."""
    return Link(url=entry.evidence, kind=LinkKind.BARE, span=entry.evidence_span, text="", url_span=entry.evidence_span)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value)
    return {dict: "a mapping", list: "a list", bool: str(value).lower()}.get(type(value), f"{type(value).__name__} {value!r}")
