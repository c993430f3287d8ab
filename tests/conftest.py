from __future__ import annotations

from pathlib import Path

import pytest

from postcheck.rulepack import check_names, load_registry
from postcheck.checks import CHECKS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def registry():
    loaded = load_registry()
    check_names(loaded, set(CHECKS))
    return loaded
