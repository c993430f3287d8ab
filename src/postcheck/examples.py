"""Run a rule's examples through the real engine.

An example is a whole post (front matter allowed) or a snippet of prose; it runs with the
example's language forced, the rule pack's ``examples.config`` merged into a default config,
and all rules enabled, offline. The test suite runs every example of every built-in rule, so a
rule's documentation cannot drift from what it does; ``postcheck rules --test`` runs them, and
the config's house rules' examples, for a team's CI.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from postcheck import packlines
from postcheck.config import ConfigError
from postcheck.findings import Finding
from postcheck.registry import Registry, Rule
from postcheck.runner import run_text


def run_example(registry: Registry, rule: Rule, lang: str, text: str, folder: Path | None = None) -> list[Finding]:
    """Findings of ``rule`` on the example ``text`` in ``lang`` (suppressions applied), or on
    a file checked beside it (the proof-point register). The example is also written to a
    temporary folder (``folder``, reused by a caller running many: removing a folder costs
    more than checking an example) with the rule's example ``files``, so links to it and
    beside it resolve; those files are removed again after the example."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="postcheck-example-") as created:
            return run_example(registry, rule, lang, text, Path(created))
    examples = rule.examples[lang]
    for name, content in {**examples.files, "example.md": text}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    try:
        result = run_text(text, registry, lang=lang, config=examples.config, enabled=set(registry.rules), root=folder, name="example.md")
    finally:
        for name in examples.files:
            (folder / name).unlink(missing_ok=True)
    return [f for report in result.reports for f in report.findings if f.rule == rule.id]


@dataclass
class ExampleFailure:
    """An example that did not do what its rule says: a ``match`` example with no finding of
    the rule, or a ``no_match`` example with one (or an example that could not run)."""

    rule: Rule
    lang: str
    expected: str
    number: int
    text: str
    found: list[Finding] = field(default_factory=list)
    problem: str = ""

    @property
    def line(self) -> int | None:
        examples = self.rule.examples[self.lang]
        return packlines.example_line(examples.source, examples.index, self.expected, self.number)

    @property
    def source(self) -> str:
        return self.rule.examples[self.lang].source


def failing_examples(registry: Registry, rules: Iterable[Rule]) -> tuple[int, list[ExampleFailure]]:
    """Run every example of ``rules`` in each language it has; how many ran, and the ones
    that failed."""
    count, failures = 0, []
    with tempfile.TemporaryDirectory(prefix="postcheck-examples-") as folder:
        for rule in rules:
            for lang, examples in sorted(rule.examples.items()):
                for expected, texts in (("match", examples.match), ("no_match", examples.no_match)):
                    for number, text in enumerate(texts):
                        count += 1
                        failure = ExampleFailure(rule, lang, expected, number, text)
                        try:
                            failure.found = run_example(registry, rule, lang, text, Path(folder))
                        except ConfigError as error:
                            failure.problem = f"examples.config: {error}"
                        if failure.problem or bool(failure.found) != (expected == "match"):
                            failures.append(failure)
    return count, failures
