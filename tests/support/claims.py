"""Run a post through the real engine and keep its claims findings (shared by the claims tests)."""

from __future__ import annotations

from postcheck.findings import Finding
from postcheck.runner import check_text


def claims(registry, text: str, lang: str | None = None, config: dict | None = None) -> list[Finding]:
    """Claims findings on ``text`` (a whole post); ``lang`` forces the language, else the
    engine's own choice (front matter, config, detection) applies."""
    report = check_text(text, registry, lang=lang, config=config)
    return [f for f in report.findings if f.rule.startswith("claims/")]


def kinds(findings: list[Finding]) -> set[str]:
    return {f.rule.split("/", 1)[1] for f in findings}
