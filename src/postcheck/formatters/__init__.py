"""Output formats. Each is a module in this package, named like the format (``<name>_format``
when the name would hide a standard module), with ``NAME`` and ``render(result, out, style)``;
they are found by listing the package, so adding a format touches nothing else, and a run
imports only the one it writes."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

from postcheck.findings import Severity


@dataclass(frozen=True)
class Style:
    """Presentation choices shared by the formats."""

    color: bool = False
    #: ``--fail-on``: formats that have a pass/fail notion (JUnit) fail a post on the same
    #: findings that make the exit code 1, so a CI report never disagrees with the job.
    fail_on: Severity = Severity.ERROR
    #: ``--quiet``: the findings and nothing else (formats that add a checklist or summary).
    quiet: bool = False


#: A format module's name ends with this when the bare name would hide a standard module
#: (``json_format`` is the ``json`` format).
SUFFIX = "_format"


def names() -> list[str]:
    """Every format's name, found by listing this package without importing any format: a
    run imports only the one it writes (the JUnit module alone costs a check run 8 ms)."""
    return sorted(_modules())


def load(name: str) -> ModuleType:
    """The module of format ``name`` (one of :func:`names`)."""
    module = importlib.import_module(f"{__name__}.{_modules()[name]}")
    if getattr(module, "NAME", None) != name or not callable(getattr(module, "render", None)):
        raise LookupError(f"{module.__name__} is not the {name!r} format (its NAME and render)")
    return module


def _modules() -> dict[str, str]:
    """Format name → the name of its module in this package (listed, not imported)."""
    return {info.name.removesuffix(SUFFIX): info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")}
