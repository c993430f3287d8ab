"""A temporary content repository with a proof-point register, and the CLI run in it the way
a user runs it (the config discovered from the current folder)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from postcheck.cli import main

TODAY = date.today()
REGISTER = "proof-points.yaml"


def day(offset: int) -> str:
    """Today plus ``offset`` days, as YYYY-MM-DD."""
    return (TODAY + timedelta(days=offset)).isoformat()


def entry(**fields: Any) -> dict[str, Any]:
    """A valid register entry about "cut weekly reporting time by 40%", with ``fields`` over it
    (a field given as None is left out)."""
    base: dict[str, Any] = {
        "id": "reporting-time",
        "claim": "Teams cut their weekly reporting time by 40%.",
        "match": {"en": ["cut (?:their )?weekly reporting time by 40 ?%"], "ro": ["timpul de raportare cu 40 ?%"]},
        "evidence": "evidence/study.md",
        "owner": "legal@acme.example",
        "reviewed": day(-100),
        "expires": day(300),
    }
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def make_repo(root: Path, entries: list[dict[str, Any]] | str, posts: dict[str, str], config: dict[str, Any] | None = None,
              files: dict[str, str] | None = None) -> Path:
    """Write the config (``proof_points`` set), the register (entries, or raw YAML text), the
    posts under ``posts/`` and other ``files``; the evidence file ``evidence/study.md`` exists."""
    text = entries if isinstance(entries, str) else yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)
    everything = {REGISTER: text, "evidence/study.md": "# Study\n", **{f"posts/{n}": t for n, t in posts.items()}, **(files or {})}
    everything[".postcheck.yaml"] = yaml.safe_dump({"proof_points": REGISTER, **(config or {})}, sort_keys=False)
    for name, content in everything.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


#: The links tests' server is on 127.0.0.1, which a discovered config may not allow (see
#: ``checks/links/trust.py``); the environment may.
LOOPBACK_ALLOWED = {"POSTCHECK_LINKS_ALLOW_PRIVATE": "1"}


def invoke(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``postcheck ARGS`` run in ``cwd`` (``env``: :data:`LOOPBACK_ALLOWED` by default)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), env=LOOPBACK_ALLOWED if env is None else env, catch_exceptions=False)
    finally:
        os.chdir(old)
