"""Run a post through the real engine and keep its claims findings (shared by the claims tests)."""

from __future__ import annotations

from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.findings import Finding
from postcheck.parse import parse_bytes
from postcheck.runner import check_documents, enabled_rules


def claims(registry, text: str, lang: str | None = None, config: dict | None = None) -> list[Finding]:
    """Claims findings on ``text`` (a whole post); ``lang`` forces the language, else the
    engine's own choice (front matter, config, detection) applies."""
    doc = parse_bytes(text.encode("utf-8"), Path("post.md"), "post.md")
    cfg = config_module.from_mapping(dict(config or {}), None, root=Path("."))
    doc.lang = lang or _chosen(doc, cfg)
    result = check_documents([doc], cfg, registry, enabled_rules(registry, cfg, (), ()), RunOptions(offline=True))
    return [f for f in result.reports[0].findings if f.rule.startswith("claims/")]


def _chosen(doc, cfg) -> str:
    from postcheck import language

    return language.choose(doc, cfg.language)


def kinds(findings: list[Finding]) -> set[str]:
    return {f.rule.split("/", 1)[1] for f in findings}
