"""Config sections: one typed dataclass per family, registered by name, and validated.

A family's ``settings`` module defines a dataclass and decorates it with
:func:`register_section`; the config loader validates ``<name>:`` in the config file against
it. Each section's type hints are the schema: the loader checks every key and type and names
the exact key on error, so a typo in a team's config is never silently ignored (what yamllint
and ruff do for their own configs). Adding a family's settings touches only that family's
folder.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin


_SECTIONS: dict[str, type] = {}


def register_section(name: str):
    """Class decorator: make ``cls`` the schema of the top-level config key ``name``."""

    def decorate(cls: type) -> type:
        _SECTIONS[name] = cls
        return cls

    return decorate


def sections() -> dict[str, type]:
    """Every registered section by name. The families register theirs when their package is
    imported, so this imports them first (here, not at module level: the checks import the
    config, which imports this module)."""
    import postcheck.checks  # noqa: F401
    import postcheck.incidents.settings  # noqa: F401
    import postcheck.server.settings  # noqa: F401

    return dict(sorted(_SECTIONS.items()))


def default_sections() -> dict[str, Any]:
    """A fresh default instance of every registered section."""
    return {name: cls() for name, cls in sections().items()}


class SettingsError(ValueError):
    """A config value is unknown or of the wrong type; the message names the key."""


def build(cls: type, data: Any, where: str) -> Any:
    """Make an instance of dataclass ``cls`` from ``data``; ``where`` is the dotted key path
    used in error messages (e.g. ``utm``)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: expected a mapping, got {_kind(data)}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in fields:
            known = ", ".join(sorted(fields))
            raise SettingsError(f"{_join(where, key)}: unknown key (known: {known})")
        values[name] = convert(hints[name], value, _join(where, key))
    return cls(**values)


def convert(hint: Any, value: Any, where: str) -> Any:
    """Check ``value`` against the type ``hint`` and return it (dataclasses are built)."""
    origin = get_origin(hint)
    if hint is Any:
        return value
    if dataclasses.is_dataclass(hint):
        return build(hint, value, where)
    if origin in (Union, types.UnionType):
        errors = []
        for option in get_args(hint):
            try:
                return convert(option, value, where)
            except SettingsError as error:
                if option is not type(None):  # "expected nothing" never helps a reader
                    errors.append(str(error))
        raise SettingsError(errors[0])
    if hint is type(None):
        if value is None:
            return None
        raise SettingsError(f"{where}: expected nothing, got {_kind(value)}")
    if origin is Literal:
        allowed = get_args(hint)
        if value in allowed:
            return value
        raise SettingsError(f"{where}: expected one of {', '.join(map(str, allowed))}, got {value!r}")
    if origin is list:
        if not isinstance(value, list):
            raise SettingsError(f"{where}: expected a list, got {_kind(value)}")
        (item,) = get_args(hint)
        return [convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a mapping, got {_kind(value)}")
        key_hint, value_hint = get_args(hint)
        return {convert(key_hint, k, where): convert(value_hint, v, _join(where, k)) for k, v in value.items()}
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise SettingsError(f"{where}: expected a number, got {_kind(value)}")
    if hint in (int, str, bool):
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        raise SettingsError(f"{where}: expected {_NAMES[hint]}, got {_kind(value)}")
    raise SettingsError(f"{where}: unsupported setting type {hint!r}")  # a bug in a section


_NAMES = {int: "a whole number", str: "a string", bool: "true or false"}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the string {value!r}", bool: f"{value}"}.get(
        type(value), f"{type(value).__name__} {value!r}"
    )


def _join(where: str, key: Any) -> str:
    return f"{where}.{key}" if where else str(key)
