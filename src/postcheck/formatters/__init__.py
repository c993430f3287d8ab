"""Output formats. Each is a module in this package with ``NAME`` and ``render(result, out,
style)``; they are found by listing the package, so adding a format touches nothing else."""

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


def available() -> dict[str, ModuleType]:
    """Format name → module, for every format module in this package."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        name = getattr(module, "NAME", None)
        if name and callable(getattr(module, "render", None)):
            found[name] = module
    return found
