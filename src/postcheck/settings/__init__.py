"""Config sections, one module per check family, registered by name.

A section module defines a dataclass and calls :func:`register_section`; the config loader
validates ``<name>:`` in the config file against it. Adding a family's settings touches only
that family's module.
"""

from __future__ import annotations

from typing import Any

SECTIONS: dict[str, type] = {}


def register_section(name: str):
    """Class decorator: make ``cls`` the schema of the top-level config key ``name``."""

    def decorate(cls: type) -> type:
        SECTIONS[name] = cls
        return cls

    return decorate


def default_sections() -> dict[str, Any]:
    """A fresh default instance of every registered section."""
    return {name: cls() for name, cls in SECTIONS.items()}


# Import the section modules so that they register themselves.
from postcheck.settings import incidents, links, proof, utm  # noqa: E402,F401
