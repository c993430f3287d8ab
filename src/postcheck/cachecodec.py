"""JSON for what the results cache keeps: findings and documents without prose.

The cache folder sits in the checked tree, so an entry is untrusted input (a pull request can
commit one): entries are JSON, never pickle, and a tagged object becomes an instance only of
the model's own dataclasses and enums, and of the records checks keep (:data:`CLASSES`).
Anything else in an entry (an unknown tag, a missing field, a wrong shape) raises
:class:`CorruptEntry`, and the post is checked again. :func:`fingerprint_text` gives the config and the registry a stable
fingerprint for the cache key.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import types
import typing
from pathlib import Path, PurePath
from typing import Any, Callable

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


@dataclasses.dataclass(frozen=True)
class Typed:
    """How a field whose declared type says what it holds is written without a tag: a span
    as four numbers, an enum as its value, a tuple as a list (a warm run decodes tens of
    thousands of links: a tag on each of their spans and kinds was most of its time). A
    value of another type than declared is written with its tag, and read back as such."""

    kind: type
    #: The value as untagged JSON (a value of ``kind``) and back.
    compact: Callable[[Any], Any]
    expand: Callable[[Any], Any]
    #: The JSON type of the untagged form.
    raw: type

    def encode(self, value: Any) -> Any:
        if type(value) is self.kind:
            return self.compact(value)
        encoded = encode(value)
        if value is not None and not isinstance(encoded, dict):
            raise ValueError(f"{value!r} would read back as a {self.kind.__name__}")
        return encoded

    def decode(self, raw: Any) -> Any:
        return self.expand(raw) if type(raw) is self.raw else raw


def _span_numbers(span: model.Span) -> list[int]:
    start, end = span.start, span.end
    return [start.line, start.column, end.line, end.column]


def _span_of(numbers: Any) -> model.Span:
    if type(numbers) is not list or len(numbers) != 4:
        raise CorruptEntry("a span is four numbers")
    line, column, end_line, end_column = numbers
    if type(line) is not int or type(column) is not int or type(end_line) is not int or type(end_column) is not int:
        raise CorruptEntry("a span is four numbers")
    return model.Span(model.Position(line, column), model.Position(end_line, end_column))


def _tuple_of(items: list) -> tuple:
    return tuple(_hashable(item) for item in items)


def _typed(hint: Any) -> Typed | None:
    """The codec for a field declared as ``hint`` (or ``hint | None``), if it has one."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        hint = next(arg for arg in args if arg is not type(None))  # None is written as null either way
    if hint is model.Span:
        return Typed(model.Span, _span_numbers, _span_of, list)
    if isinstance(hint, type) and issubclass(hint, enum.Enum) and CLASSES.get(hint.__name__) is hint:
        value_type = type(next(iter(hint)).value)
        if value_type in (str, int) and all(type(member.value) is value_type for member in hint):
            return Typed(hint, lambda member: member.value, hint, value_type)
    if typing.get_origin(hint) is tuple and all(arg in (int, str, Ellipsis) for arg in typing.get_args(hint)):
        return Typed(tuple, lambda value: [encode(item) for item in value], _tuple_of, list)
    return None


def _typed_fields(cls: type) -> dict[str, Typed]:
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a hint that cannot be resolved: every field tagged
        return {}
    return {f.name: codec for f in dataclasses.fields(cls) if (codec := _typed(hints.get(f.name))) is not None}


TYPED = {name: _typed_fields(cls) for name, cls in CLASSES.items() if dataclasses.is_dataclass(cls)}


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
        typed = TYPED.get(type(value).__name__, {}) if CLASSES.get(type(value).__name__) is type(value) else {}
        fields = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            codec = typed.get(f.name)
            fields[f.name] = None if f.name in transient else codec.encode(item) if codec else encode(item)
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
    """A stable text for ``value`` (same value, same text, in every process), never read back:
    JSON with sorted keys from the C encoder, which asks :func:`_fingerprint_part` only for
    what JSON lacks. Encoding the value first (:func:`encode`) visits every string in Python:
    17 ms for the built-in rules, each cold run, before the first post; this takes 7."""
    return json.dumps(value, default=_fingerprint_part, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _fingerprint_part(value: Any) -> Any:
    """``value`` in JSON's types, one level deep (the encoder does the rest): a dataclass is
    its type and fields, a set its sorted items, an enum that is not a string or a number its
    type and value, anything else its ``repr``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        transient = getattr(value, "TRANSIENT", ())
        return {TAG: type(value).__name__, **{f.name: None if f.name in transient else getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=fingerprint_text)
    if isinstance(value, enum.Enum):
        return {TAG: type(value).__name__, "value": value.value}
    return repr(value)


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
    for name, codec in TYPED[tag].items():
        if name in obj:
            obj[name] = codec.decode(obj[name])
    return cls(**obj)


_SIMPLE = {
    "span": lambda obj: _span_of(obj["value"]),
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
