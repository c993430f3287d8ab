"""JSON for what the results cache keeps: findings and documents without prose.

The cache folder sits in the checked tree, so an entry is untrusted input (a pull request can
commit one): entries are JSON, never pickle, and a tagged object becomes an instance only of
the model's own dataclasses and enums, and of the records checks keep (:data:`CLASSES`).
Anything else in an entry (an unknown tag, a missing field, a wrong shape) raises
:class:`CorruptEntry`, and the post is checked again. The same encoder, with sorted keys, gives the config and the registry a stable
fingerprint for the cache key.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
from pathlib import Path, PurePath
from typing import Any

from postcheck import findings, model, postresult, registry
from postcheck.checks.claims.proof_points import Use

#: Tags of the values JSON has no type for.
TAG = "@"


class CorruptEntry(ValueError):
    """An entry postcheck did not write (or a truncated one)."""


def _classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in (model, findings, postresult, registry):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                if dataclasses.is_dataclass(value) or issubclass(value, enum.Enum):
                    found[name] = value
    # What a per-post check records beside its findings: a claim the register substantiates.
    found[Use.__name__] = Use
    return found


CLASSES = _classes()
FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in CLASSES.items() if dataclasses.is_dataclass(cls)}


def encode(value: Any) -> Any:
    """``value`` as JSON data (dataclasses, enums, paths, dates, sets and tuples tagged)."""
    if isinstance(value, enum.Enum):  # before str: most enums here are str enums
        return {TAG: type(value).__name__, "value": encode(value.value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, model.Span):  # the most common object by far: one compact tag
        return {TAG: "span", "value": [value.start.line, value.start.column, value.end.line, value.end.column]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        transient = getattr(value, "TRANSIENT", ())
        fields = {f.name: None if f.name in transient else encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {TAG: type(value).__name__, **fields}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith(TAG) for key in value):
            return {key: encode(item) for key, item in value.items()}
        return {TAG: "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [encode(item) for item in value]}
    if isinstance(value, (set, frozenset)):
        items = sorted((encode(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
        return {TAG: type(value).__name__, "items": items}
    if isinstance(value, PurePath):
        return {TAG: "path", "value": str(value)}
    if isinstance(value, datetime.datetime):
        return {TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {TAG: "date", "value": value.isoformat()}
    return {TAG: "repr", "value": repr(value)}  # only for fingerprints; decoding refuses it


def fingerprint_text(value: Any) -> str:
    """A stable text for ``value`` (same value, same text, in every process)."""
    return json.dumps(encode(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """The value :func:`dumps` wrote; :class:`CorruptEntry` for anything else."""
    try:
        return json.loads(text, object_hook=_decode)
    except CorruptEntry:
        raise
    except (ValueError, TypeError, KeyError, RecursionError, AttributeError) as error:
        raise CorruptEntry(str(error)[:200]) from None


def _decode(obj: dict[str, Any]) -> Any:
    tag = obj.get(TAG)
    if tag is None:
        return obj
    if tag in _SIMPLE:
        return _SIMPLE[tag](obj)
    cls = CLASSES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise CorruptEntry(f"unknown tag {tag!r}")
    if issubclass(cls, enum.Enum):
        return cls(obj["value"])
    del obj[TAG]
    if not obj.keys() <= FIELDS[tag]:
        raise CorruptEntry(f"{tag}: unknown fields")
    return cls(**obj)


def _span(obj: dict[str, Any]) -> model.Span:
    line, column, end_line, end_column = obj["value"]
    if not all(type(number) is int for number in (line, column, end_line, end_column)):
        raise CorruptEntry("a span is four numbers")
    return model.Span(model.Position(line, column), model.Position(end_line, end_column))


_SIMPLE = {
    "span": _span,
    "dict": lambda obj: {_hashable(k): v for k, v in obj["items"]},
    "tuple": lambda obj: tuple(obj["items"]),
    "set": lambda obj: {_hashable(item) for item in obj["items"]},
    "frozenset": lambda obj: frozenset(_hashable(item) for item in obj["items"]),
    "path": lambda obj: Path(_text(obj["value"])),
    "datetime": lambda obj: datetime.datetime.fromisoformat(_text(obj["value"])),
    "date": lambda obj: datetime.date.fromisoformat(_text(obj["value"])),
}


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise CorruptEntry("expected text")
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        raise CorruptEntry("unhashable key")
    return value
