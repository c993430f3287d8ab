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
import math
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin


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


# -- ranges: ``Annotated[float, Range(0, 300, "seconds")]`` in a section's type hints --------


@dataclasses.dataclass(frozen=True)
class Range:
    """A number must lie in ``[low, high]`` (``unit`` is named in the error). Every number
    is also checked to be finite: ``.inf`` or ``.nan`` in YAML is never a sane setting."""

    low: float
    high: float
    unit: str = ""

    def check(self, value: Any, where: str) -> None:
        if not self.low <= value <= self.high:
            unit = f" {self.unit}" if self.unit else ""
            raise SettingsError(f"{where}: expected {self.low:g} to {self.high:g}{unit}, got {value!r}")


@dataclasses.dataclass(frozen=True)
class ProjectFolder:
    """A folder the tool writes to: relative to the config's folder and inside it, or
    absolute; never the project root itself (a cache there would put its ``.gitignore``
    over the project's). Checked by :func:`check_folders` once the root is known."""

    def check(self, value: Any, where: str) -> None:
        """Nothing to check before the root is known."""

    def check_in(self, value: str, root: Path, where: str) -> None:
        written = Path(value)
        if not value.strip():
            raise SettingsError(f"{where}: expected a folder, got an empty string")
        resolved = (root / written).resolve() if not written.is_absolute() else written.resolve()
        if resolved == root.resolve():
            raise SettingsError(f"{where}: must not be the project root ({value!r}); use a subfolder such as .postcheck_cache")
        if not written.is_absolute() and not resolved.is_relative_to(root.resolve()):
            raise SettingsError(f"{where}: {value!r} leads out of the project; use a folder inside it, or an absolute path")


def check_folders(settings: Any, root: Path, where: str) -> None:
    """Check every :class:`ProjectFolder` setting of the section ``settings`` against the
    project ``root`` (the config's folder)."""
    hints = typing.get_type_hints(type(settings), include_extras=True)
    for name, hint in hints.items():
        for marker in get_args(hint)[1:] if get_origin(hint) is Annotated else ():
            if isinstance(marker, ProjectFolder) and isinstance(getattr(settings, name), str):
                marker.check_in(getattr(settings, name), root, _join(where, name))


def build(cls: type, data: Any, where: str) -> Any:
    """Make an instance of dataclass ``cls`` from ``data``; ``where`` is the dotted key path
    used in error messages (e.g. ``utm``)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: expected a mapping, got {_kind(data)}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    hints = typing.get_type_hints(cls, include_extras=True)
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
    if origin is Annotated:
        base, *markers = get_args(hint)
        value = convert(base, value, where)
        for marker in markers:
            marker.check(value, where)
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
            if not math.isfinite(value):
                raise SettingsError(f"{where}: expected a finite number, got {value!r}")
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
