"""Run ``postcheck incidents …`` in a folder, the way a user does (the config is discovered
from the current folder), for the incident tests."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from postcheck.cli import main


def invoke(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["incidents", *args], env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
