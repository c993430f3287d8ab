"""Run a rule's examples through the real engine.

An example is a whole post (front matter allowed) or a snippet of prose; it runs with the
example's language forced, the rule pack's ``examples.config`` merged into a default config,
and all rules enabled, offline. The test suite runs every example of every rule, so a rule's
documentation cannot drift from what it does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from postcheck.findings import Finding
from postcheck.registry import Registry, Rule
from postcheck.runner import check_text


def run_example(registry: Registry, rule: Rule, lang: str, text: str) -> list[Finding]:
    """Findings of ``rule`` on the example ``text`` in ``lang`` (suppressions applied). The
    example is also written to a temporary folder, so links to it and beside it resolve."""
    examples = rule.examples[lang]
    with tempfile.TemporaryDirectory(prefix="postcheck-example-") as folder:
        root = Path(folder)
        (root / "example.md").write_text(text, encoding="utf-8")
        report = check_text(text, registry, lang=lang, config=examples.config, enabled=set(registry.rules), root=root, name="example.md")
    return [f for f in report.findings if f.rule == rule.id]
