from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from postcheck.rulepack import check_names, load_registry
from postcheck.checks import CHECKS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

#: The user's cache (validated built-in packs) of this test session only, for the processes
#: the tests start too: a test never reads or writes the real ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="postcheck-user-cache-")



def _shared() -> Path:
    """The shared material: $POSTCHECK_SHARED, else ../shared beside the clone (CI), else the
    workplace copy (git worktrees live elsewhere)."""
    for candidate in (os.environ.get("POSTCHECK_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _shared()


@pytest.fixture(scope="session")
def registry():
    loaded = load_registry()
    check_names(loaded, set(CHECKS))
    return loaded
