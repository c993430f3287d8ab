"""``postcheck rules`` and ``postcheck explain RULE``: what postcheck checks, and why."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Sequence

import click

from postcheck.checks import CHECKS
from postcheck.commands._reference import reference
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules
from postcheck.findings import FAMILIES
from postcheck.registry import Rule
from postcheck.runner import enabled_rules


@click.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: the rule reference page (docs/rules.md), with the built-in severities.")
@click.option("--family", type=click.Choice([*FAMILIES, "postcheck"]), help="Only this family.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@clean_errors
def rules_command(output_format: str, family: str | None, config_file: Path | None) -> None:
    """List every rule: id, severity as the config sets it, languages and what it catches."""
    registry = load_rules()
    if output_format == "markdown":
        click.echo(reference(registry), nl=False)
        return
    config = load_config(config_file, [Path(".")])
    enabled = enabled_rules(registry, config)
    chosen = [r for r in registry.sorted() if family is None or r.family == family]
    effective = {r.id: config.severity_for(r.id, r.severity).value if r.id in enabled else "off" for r in chosen}
    if output_format == "json":
        click.echo(json.dumps([{**_rule_json(r), "effective_severity": effective[r.id]} for r in chosen], indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in chosen), default=10)
    for rule in chosen:
        langs = ",".join(sorted(rule.examples)) or "-"
        shown = effective[rule.id] + ("*" if effective[rule.id] != rule.severity.value else "")
        click.echo(f"{rule.id.ljust(width)}  {shown:<8}  {langs:<5}  {_first_sentence(rule.summary())}")
    if any(effective[r.id] != r.severity.value for r in chosen):
        click.echo(f"* set by {config.path}; 'postcheck explain RULE' shows the built-in severity.")


@click.command()
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(["en", "ro"]), help="Message, rationale and fix in this language.")
@clean_errors
def explain(rule_id: str, lang: str | None) -> None:
    """Show one rule: why it exists, how to fix a finding, its policy and its examples."""
    registry = load_rules()
    if rule_id not in registry:
        close = [r for r in registry.rules if rule_id in r]
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else " (see 'postcheck rules')"
        raise UsageError(f"unknown rule {rule_id!r}{hint}")
    rule = registry.get(rule_id)
    check = CHECKS.get(rule.check)
    click.echo(render_explanation(rule, check.details(rule) if check else [], lang))


#: The headings of ``explain``, in the language asked for (English otherwise).
HEADINGS = {
    "en": {"family": "family", "check": "check", "why": "Why:", "fix": "How to fix:", "policy": "Policy",
           "examples": "Examples", "flagged": "flagged:    ", "not_flagged": "not flagged:", "patterns": "Patterns", "topics": "Topics"},
    "ro": {"family": "familia", "check": "verificarea", "why": "De ce:", "fix": "Cum se corectează:", "policy": "Politica",
           "examples": "Exemple", "flagged": "semnalat:    ", "not_flagged": "nesemnalat:  ", "patterns": "Tipare", "topics": "Subiecte"},
}


def render_explanation(rule: Rule, details: Sequence[str] = (), lang: str | None = None) -> str:
    wrap = lambda text: textwrap.fill(" ".join(text.split()), width=88)  # noqa: E731
    words = HEADINGS.get(lang or "en", HEADINGS["en"])
    parts = [
        f"{rule.id}  ({rule.severity.value}, {words['family']} '{rule.family}', {words['check']} '{rule.check}')",
        "",
        wrap(rule.summary(lang)),
        "",
        words["why"],
        textwrap.indent(wrap(rule.described("explanation", lang)), "  "),
        "",
        words["fix"],
        textwrap.indent(wrap(rule.described("fix", lang)), "  "),
        "",
        f"{words['policy']}: {rule.policy}",
    ]
    for code, examples in sorted(rule.examples.items()):
        parts += ["", f"{words['examples']} ({code}):"]
        parts += [f"  {words['flagged']} {_one_line(text)}" for text in examples.match]
        parts += [f"  {words['not_flagged']} {_one_line(text)}" for text in examples.no_match]
    for code, patterns in sorted(rule.patterns.items()):
        parts += ["", f"{words['patterns']} ({code}):"] + [f"  {p}" for p in patterns]
    for code, topics in sorted(rule.topics.items()):
        parts += ["", f"{words['topics']} ({code}):"] + [
            textwrap.fill(f"{name}: {' | '.join(terms)}", width=88, initial_indent="  ", subsequent_indent="      ",
                          break_on_hyphens=False, break_long_words=False)
            for name, terms in topics.items()
        ]
    if details:
        parts += ["", *details]
    return "\n".join(parts)


def _rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "family": rule.family,
        "severity": rule.severity.value,
        "check": rule.check,
        "languages": sorted(rule.examples),
        "message": rule.message,
        "explanation": rule.explanation,
        "fix": rule.fix,
        "policy": rule.policy,
    }


def _first_sentence(text: str) -> str:
    first = text.split("; ")[0].split(". ")[0].rstrip(".")
    return first if len(first) <= 90 else first[:89] + "…"


def _one_line(text: str) -> str:
    return text.strip().replace("\n", "⏎")


COMMANDS = [rules_command, explain]
