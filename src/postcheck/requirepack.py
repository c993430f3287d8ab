"""The ``require`` key of a rule in a pack: a rule that fires when required text is missing.

Validated here, on its own, so the pack loader (:mod:`postcheck.rulepack`) only adds the
rule's name to the message; the patterns are then checked by the loader with every other
pattern of the rule, and run by :mod:`postcheck.checks.require`.
"""

from __future__ import annotations

from typing import Any

from postcheck.registry import SCOPES, Require, front_matter_value

#: Keys of a rule's ``require`` mapping.
KEYS = ("when", "front_matter", "text", "within")


class RequireError(ValueError):
    """A ``require`` mapping is invalid; the message names the key (``require.within …``)."""


def parse_require(raw: dict[str, Any]) -> Require | None:
    """The rule's ``require`` (None for other rules): triggers (``when`` patterns and/or
    ``front_matter`` conditions), the ``text`` patterns one of which must appear, the scope."""
    if "require" not in raw:
        if raw.get("check") == "require":
            raise RequireError("check 'require' needs a 'require' mapping")
        return None
    value = raw["require"]
    if not isinstance(value, dict):
        raise RequireError(f"require must be a mapping with {', '.join(KEYS)}")
    unknown = set(value) - set(KEYS)
    if unknown:
        raise RequireError(f"require: unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    for clash in ("check", "patterns"):
        if clash in raw:
            raise RequireError(f"require: a require rule has no '{clash}' (its triggers are require.when)")
    if "text" not in value:
        raise RequireError("require: missing key(s): text")
    within = value.get("within", "post")
    if within not in SCOPES:
        raise RequireError(f"require.within must be one of {', '.join(SCOPES)}")
    require = Require(
        text=_patterns(value["text"], "require.text"),
        when=_patterns(value.get("when", []), "require.when"),
        front_matter=_conditions(value.get("front_matter", {})),
        within=within,
    )
    if not require.text:
        raise RequireError("require.text needs at least one pattern")
    if not require.when and not require.front_matter:
        raise RequireError("require: needs a trigger: 'when' patterns, 'front_matter' conditions, or both")
    if within == "paragraph" and require.front_matter:
        raise RequireError("require.within paragraph needs 'when' patterns only: a front_matter condition has no paragraph")
    return require


def _patterns(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RequireError(f"{where} must be a list of non-empty strings")
    return list(value)


def _conditions(value: Any) -> dict[str, list[str]]:
    """``{key: value or [values]}``; scalars only, kept normalised for comparison."""
    if not isinstance(value, dict):
        raise RequireError("require.front_matter must map front-matter keys to a value or a list of values")
    conditions = {}
    for key, wanted in value.items():
        items = wanted if isinstance(wanted, list) else [wanted]
        if not isinstance(key, str) or not key or not items or not all(isinstance(v, (str, int, float, bool)) for v in items):
            raise RequireError(f"require.front_matter.{key} must be a value or a non-empty list of values (text, numbers, true/false)")
        conditions[key] = [front_matter_value(v) for v in items]
    return conditions
