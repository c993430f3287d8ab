"""Run the links check on posts written to a temporary folder, with test-sized timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.findings import Finding
from postcheck.rulepack import load_registry
from postcheck.runner import RunResult, run
from support.links_server import LinkServer

REGISTRY = load_registry()
#: Small timings so the suite stays fast; 127.0.0.1 is where the test server lives.
FAST = {"allow_private": True, "timeout": 1.0, "backoff": 0.05, "retry_after_max": 1.5, "retries": 2}


def run_posts(root: Path, posts: dict[str, str], links: dict[str, Any] | None = None, offline: bool = False, **extra: Any) -> RunResult:
    for name, text in posts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = config_module.from_mapping({"links": {**FAST, **(links or {})}}, None, root=root)
    return run([root / name for name in posts], config, REGISTRY, RunOptions(offline=offline, extra=extra), select=["links"])


def link_findings(root: Path, posts: dict[str, str], links: dict[str, Any] | None = None, **kwargs: Any) -> list[Finding]:
    result = run_posts(root, posts, links, **kwargs)
    return [f for report in result.reports for f in report.findings if f.family == "links"]


def by_url(findings: list[Finding]) -> dict[str, str]:
    """url → rule (each URL is expected once)."""
    return {f.data["url"]: f.rule for f in findings}


@pytest.fixture(scope="module")
def server():
    """One test server on 127.0.0.1 per test module (import this fixture to use it)."""
    with LinkServer() as running:
        yield running


def post(*urls: str) -> str:
    """A post linking each URL once, one paragraph each."""
    return "# Post\n\n" + "\n\n".join(f"Link [{i}]({url})." for i, url in enumerate(urls)) + "\n"
