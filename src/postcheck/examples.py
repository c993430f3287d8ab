"""Run a rule's examples through the real engine.

An example is a whole post (front matter allowed) or a snippet of prose; it runs with the
example's language forced, the rule pack's ``examples.config`` merged into a default config,
and all rules enabled, offline. The test suite runs every example of every rule, so a rule's
documentation cannot drift from what it does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.findings import Finding
from postcheck.parse import parse_bytes
from postcheck.registry import Registry, Rule
from postcheck.runner import check_documents


def run_example(registry: Registry, rule: Rule, lang: str, text: str) -> list[Finding]:
    """Findings of ``rule`` on the example ``text`` in ``lang`` (suppressions applied)."""
    examples = rule.examples[lang]
    with tempfile.TemporaryDirectory(prefix="postcheck-example-") as folder:
        root = Path(folder)
        config = config_module.from_mapping(dict(examples.config), None, root=root)
        path = root / "example.md"
        path.write_text(text, encoding="utf-8")
        doc = parse_bytes(text.encode("utf-8"), path, "example.md")
        doc.lang = lang
        result = check_documents([doc], config, registry, set(registry.rules), RunOptions(offline=True))
    report = result.reports[0]
    return [f for f in report.findings if f.rule == rule.id]
