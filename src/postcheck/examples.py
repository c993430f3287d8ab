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
from postcheck.runner import run_text


def run_example(registry: Registry, rule: Rule, lang: str, text: str) -> list[Finding]:
    """Findings of ``rule`` on the example ``text`` in ``lang`` (suppressions applied), or on
    a file checked beside it (the proof-point register). The example is also written to a
    temporary folder with the rule's example ``files``, so links to it and beside it resolve."""
    examples = rule.examples[lang]
    with tempfile.TemporaryDirectory(prefix="postcheck-example-") as folder:
        root = Path(folder)
        for name, content in {**examples.files, "example.md": text}.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(content, encoding="utf-8")
        result = run_text(text, registry, lang=lang, config=examples.config, enabled=set(registry.rules), root=root, name="example.md")
    return [f for report in result.reports for f in report.findings if f.rule == rule.id]
