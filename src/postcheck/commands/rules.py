"""``postcheck rules`` and ``postcheck explain RULE``: what postcheck checks, and why."""

from __future__ import annotations

import json
import textwrap
from typing import Sequence

import click

from postcheck.checks import CHECKS
from postcheck.commands._common import UsageError, clean_errors, load_rules
from postcheck.findings import FAMILIES
from postcheck.registry import Rule


@click.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--family", type=click.Choice([*FAMILIES, "postcheck"]), help="Only this family.")
@clean_errors
def rules_command(output_format: str, family: str | None) -> None:
    """List every rule: id, severity, languages and what it catches."""
    registry = load_rules()
    chosen = [r for r in registry.sorted() if family is None or r.family == family]
    if output_format == "json":
        click.echo(json.dumps([_rule_json(r) for r in chosen], indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in chosen), default=10)
    for rule in chosen:
        langs = ",".join(sorted(rule.examples)) or "-"
        click.echo(f"{rule.id.ljust(width)}  {rule.severity.value:<7}  {langs:<5}  {_first_sentence(rule.summary())}")


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


def render_explanation(rule: Rule, details: Sequence[str] = (), lang: str | None = None) -> str:
    wrap = lambda text: textwrap.fill(" ".join(text.split()), width=88)  # noqa: E731
    parts = [
        f"{rule.id}  ({rule.severity.value}, family '{rule.family}', check '{rule.check}')",
        "",
        wrap(rule.summary(lang)),
        "",
        "Why:",
        textwrap.indent(wrap(rule.text("explanation", lang)), "  "),
        "",
        "How to fix:",
        textwrap.indent(wrap(rule.text("fix", lang)), "  "),
        "",
        f"Policy: {rule.policy}",
    ]
    if rule.effective:
        when = rule.effective
        parts[1:1] = [
            "",
            f"Severity by date: {when.before.value} on posts dated before {when.date.isoformat()}, "
            f"{when.after.value} from that day (posts without a date are judged today).",
        ]
    for lang, examples in sorted(rule.examples.items()):
        parts += ["", f"Examples ({lang}):"]
        parts += [f"  flagged:     {_one_line(text)}" for text in examples.match]
        parts += [f"  not flagged: {_one_line(text)}" for text in examples.no_match]
    for lang, patterns in sorted(rule.patterns.items()):
        parts += ["", f"Patterns ({lang}):"] + [f"  {p}" for p in patterns]
    for lang, topics in sorted(rule.topics.items()):
        parts += ["", f"Topics ({lang}):"] + [
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
        **({"effective": _effective_json(rule)} if rule.effective else {}),
    }


def _effective_json(rule: Rule) -> dict[str, str]:
    when = rule.effective
    assert when is not None
    return {"date": when.date.isoformat(), "before": when.before.value, "after": when.after.value}


def _first_sentence(text: str) -> str:
    first = text.split("; ")[0].split(". ")[0].rstrip(".")
    return first if len(first) <= 90 else first[:89] + "…"


def _one_line(text: str) -> str:
    return text.strip().replace("\n", "⏎")


COMMANDS = [rules_command, explain]
