"""Run the real parser and engine on a post text (shared by the deceptive tests)."""

from __future__ import annotations

from pathlib import Path

from postcheck import config as config_module
from postcheck import language
from postcheck.checks import RunOptions
from postcheck.findings import Finding
from postcheck.parse import parse_bytes
from postcheck.registry import Registry
from postcheck.runner import check_documents


def findings(registry: Registry, text: str, lang: str | None = None, enabled: set[str] | None = None) -> list[Finding]:
    """Every finding on ``text`` parsed as a post; ``lang`` forces the language."""
    doc = parse_bytes(text.encode("utf-8"), Path("post.md"), "post.md")
    config = config_module.from_mapping({}, None, root=Path("."))
    doc.lang = lang or language.choose(doc, config.language)
    result = check_documents([doc], config, registry, enabled or set(registry.rules), RunOptions(offline=True))
    return result.reports[0].findings
