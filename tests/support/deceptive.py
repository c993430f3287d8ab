"""Run the real parser and engine on a post text (shared by the deceptive tests)."""

from __future__ import annotations

from postcheck.findings import Finding
from postcheck.registry import Registry
from postcheck.runner import check_text


def findings(registry: Registry, text: str, lang: str | None = None, enabled: set[str] | None = None) -> list[Finding]:
    """Every finding on ``text`` parsed as a post; ``lang`` forces the language."""
    return check_text(text, registry, lang=lang, enabled=enabled).findings
