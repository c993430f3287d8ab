"""The incident ledger: a YAML list of entries, read with validation and appended to safely.

The ledger is the team's record, edited by hand as well as by postcheck, so postcheck never
re-dumps it: :func:`append` writes the new entries as text after the existing bytes (comments,
key order, quoting and CRLF line ends stay exactly as they were) into a temporary file beside
the ledger and renames it over the old one, so a crash or a full disk leaves either the old
ledger or the new one, never half an entry; a lock makes concurrent appends wait their turn.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import yaml

from postcheck import edits, yamlio
from postcheck.findings import FAMILIES

ACTIONS = ("edited", "deleted", "flagged")
REQUIRED = ("date", "post", "action", "family")
#: Entry fields filled from the post's front matter when the post can be read.
POST_FIELDS = ("channel", "owner")
#: The dash of a block list item, with its indentation.
LIST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)
#: A value written without quotes when it matches this and reads back as the same string.
PLAIN = re.compile(r"^[A-Za-z0-9_./@+][A-Za-z0-9_./@+ -]*$")
#: The start of a ledger that ``add`` creates.
HEADER = (
    "# Compliance incidents: posts that reached publication and had to be edited or deleted,\n"
    "# or were flagged by a platform. See postcheck's README, \"Incidents\".\n"
)


class LedgerError(Exception):
    """The ledger cannot be read or written; the message names the file, entry and field."""


@dataclass(frozen=True)
class Incident:
    """One ledger entry."""

    date: date
    post: str
    action: str
    #: A family (``claims``) or a full rule id (``claims/unsourced-statistic``).
    family: str
    note: str = ""
    channel: str = ""
    owner: str = ""
    url: str = ""
    platform: str = ""

    @property
    def family_name(self) -> str:
        """The family, also when the entry names a rule id."""
        return self.family.split("/", 1)[0]

    @property
    def key(self) -> tuple[date, str, str, str]:
        """What makes two entries the same incident (used to skip ones already recorded)."""
        return (self.date, self.post, self.action, self.family)


FIELDS = tuple(f.name for f in fields(Incident))


def check_family(value: str, rule_ids: Iterable[str] | None) -> str | None:
    """Why ``value`` is not a family or a known rule id (None when it is)."""
    family = value.split("/", 1)[0]
    if family not in FAMILIES:
        return f"expected a family ({', '.join(FAMILIES)}) or a rule id like claims/unsourced-statistic, got {value!r}"
    if "/" in value and rule_ids is not None and value not in set(rule_ids):
        return f"unknown rule id {value!r} (see 'postcheck rules')"
    return None


def post_fields(front_matter: Any) -> dict[str, str]:
    """``channel`` and ``owner`` of an entry, taken from the post's front matter (a mapping or
    a :class:`~postcheck.model.FrontMatter`); values that are not text are left out."""
    found = {}
    for name in POST_FIELDS:
        value = front_matter.get(name)
        if isinstance(value, str) and value.strip():
            found[name] = value.strip()
    return found


def parse_date(value: Any) -> date | None:
    """A YAML date, or a ``YYYY-MM-DD`` string; None when it is neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def build_entry(data: Any, rule_ids: Iterable[str] | None = None) -> Incident:
    """Validate one entry; a :class:`ValueError` names the field (without the entry)."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a mapping of {', '.join(REQUIRED)}, got {_kind(data)}")
    unknown = [str(key) for key in data if key not in FIELDS]
    if unknown:
        raise ValueError(f"field '{unknown[0]}': unknown field (known: {', '.join(FIELDS)})")
    for name in REQUIRED:
        if data.get(name) in (None, ""):
            raise ValueError(f"field '{name}': missing")
    day = parse_date(data["date"])
    if day is None:
        raise ValueError(f"field 'date': expected a date YYYY-MM-DD, got {data['date']!r}")
    values: dict[str, Any] = {"date": day}
    for name in FIELDS[1:]:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValueError(f"field '{name}': expected text, got {_kind(value)}")
        values[name] = value.strip()
    if values["action"] not in ACTIONS:
        raise ValueError(f"field 'action': expected one of {', '.join(ACTIONS)}, got {values['action']!r}")
    problem = check_family(values["family"], rule_ids)
    if problem:
        raise ValueError(f"field 'family': {problem}")
    return Incident(**values)


def load(path: Path, rule_ids: Iterable[str] | None = None) -> list[Incident]:
    """Read and validate the ledger; a missing file is an empty ledger.

    Without ``rule_ids`` a rule id is only checked to be in a known family: the summary reads
    entries recorded years ago, and a rule renamed since must not make the record unreadable.
    New entries (``add``, ``scan``) are checked against the registry.
    """
    if not path.exists():
        return []
    return parse(_read(path).decode("utf-8-sig"), str(path), rule_ids)


def _read(path: Path) -> bytes:
    """The ledger's bytes, checked to be UTF-8 (a :class:`LedgerError` otherwise)."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LedgerError(f"{path}: cannot read ledger: {getattr(error, 'strerror', None) or error}") from None
    return raw


def parse(text: str, where: str, rule_ids: Iterable[str] | None = None) -> list[Incident]:
    """Validate ledger ``text``; errors name ``where``, the entry (1-based) and its line."""
    node, data = _compose(text, where)
    if data is None:
        return []
    if not isinstance(data, list):
        raise LedgerError(f"{where}: the ledger must be a YAML list of entries (- date: …), got {_kind(data)}")
    known = set(rule_ids) if rule_ids is not None else None
    incidents = []
    for index, (item, entry) in enumerate(zip(node.value, data), start=1):
        try:
            incidents.append(build_entry(entry, known))
        except ValueError as error:
            raise LedgerError(f"{where}: entry {index} (line {item.start_mark.line + 1}): {error}") from None
    return incidents


def to_mapping(incident: Incident) -> dict[str, str]:
    """The entry's fields in contract order, the date as YYYY-MM-DD, empty optional fields
    left out."""
    values = {name: getattr(incident, name) for name in FIELDS}
    values["date"] = incident.date.isoformat()
    return {name: value for name, value in values.items() if value}


def render(incident: Incident, indent: int = 0, newline: str = "\n") -> str:
    """One entry as YAML block text."""
    lines = []
    for name, value in to_mapping(incident).items():
        text = value if name == "date" else _scalar(value)
        lines.append(f"{' ' * indent}{'- ' if not lines else '  '}{name}: {text}")
    return "".join(line + newline for line in lines)


def append(path: Path, incidents: list[Incident]) -> None:
    """Append ``incidents`` to the ledger at ``path`` without changing a byte already there.

    The new text follows the ledger's own line ends and list indentation. ``incidents`` are
    validated by the caller (:func:`build_entry`); the result is parsed and checked before it
    replaces the ledger, so an append that would break the file (a
    ledger written in flow style, ``[...]``) is refused and the ledger left as it was. The
    read, check and write happen under a lock, so concurrent appends all land.
    """
    edits.clean_stale(path.parent)
    try:
        with edits.locked(path):
            _append_locked(path, incidents)
    except OSError as error:
        raise LedgerError(f"{path}: cannot write ledger: {error.strerror or error}; the ledger was left unchanged") from None


def _append_locked(path: Path, incidents: list[Incident]) -> None:
    old = _read(path) if path.exists() else HEADER.encode("utf-8")
    text = old.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    addition = "" if not text or text.endswith(("\n", "\r")) else newline
    addition += "".join(render(incident, _list_indent(text), newline) for incident in incidents)
    new = old + addition.encode("utf-8")
    try:
        after = parse(new.decode("utf-8-sig"), str(path))
    except LedgerError as error:
        raise LedgerError(f"{error}; nothing was written") from None
    if after[len(after) - len(incidents) :] != incidents:
        raise LedgerError(f"{path}: the appended text does not read back as the new entries (is the list in flow style, [...]?); nothing was written")
    edits.write_atomic(path, new, expected=old if path.exists() else None)


class _Loader(yamlio.SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader (libyaml's when installed: ten times faster on a long ledger) whose
    impossible dates (``2026-13-01``) stay text, so that validation can name the entry
    instead of PyYAML raising a bare ValueError."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _compose(text: str, where: str) -> tuple[Any, Any]:
    """The YAML node tree (for line numbers) and the data, from one parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise LedgerError(f"{where}: invalid YAML{at}: {getattr(error, 'problem', None) or error}") from None
    finally:
        loader.dispose()


def _list_indent(text: str) -> int:
    """The column of the existing list's dashes (0 for an empty ledger). Read from the first
    entry's line rather than a parse: the parse of the result checks it anyway."""
    first = LIST_ITEM.search(text)
    return len(first.group(1)) if first else 0


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back unchanged, else double-quoted
    (JSON string syntax is valid YAML)."""
    if PLAIN.match(value) and not value.endswith(" ") and yaml.safe_load(f"k: {value}") == {"k": value}:
        return value
    return json.dumps(value, ensure_ascii=False)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}"}.get(type(value), f"{type(value).__name__} {value!r}")
