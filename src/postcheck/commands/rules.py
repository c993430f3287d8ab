"""``postcheck rules`` and ``postcheck explain RULE``: what postcheck checks, and why, the
config's house rules included; ``postcheck rules --test`` runs every rule's examples."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Sequence

import click

from postcheck import packlines
from postcheck.checks import CHECKS
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules
from postcheck.commands._reference import reference
from postcheck.examples import ExampleFailure, failing_examples
from postcheck.findings import FAMILIES
from postcheck.housepacks import shown
from postcheck.registry import Registry, Rule
from postcheck.runner import enabled_rules

config_option = click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
    help="Use this config (and its rule_packs) instead of discovering one from the current folder.",
)


@click.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: the rule reference page (docs/rules.md), with the built-in severities.")
@click.option("--family", type=click.Choice([*FAMILIES, "postcheck"]), help="Only this family.")
@click.option("--test", "run_tests", is_flag=True, help="Run every rule's examples (built-in and the config's rule_packs); exit 1 if one fails.")
@config_option
@clean_errors
def rules_command(output_format: str, family: str | None, run_tests: bool, config_file: Path | None) -> None:
    """List every rule: id, severity as the config sets it, languages and what it catches;
    house rules name their pack."""
    config = load_config(config_file, [])
    registry = load_rules(config)
    if output_format == "markdown":
        click.echo(reference(registry), nl=False)
        return
    chosen = [r for r in registry.sorted() if family is None or r.family == family]
    if run_tests:
        sys.exit(_test(registry, chosen))
    enabled = enabled_rules(registry, config)
    effective = {r.id: config.severity_for(r.id, r.severity).value if r.id in enabled else "off" for r in chosen}
    if output_format == "json":
        click.echo(json.dumps([{**_rule_json(r), "effective_severity": effective[r.id]} for r in chosen], indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in chosen), default=10)
    for rule in chosen:
        langs = ",".join(sorted(rule.examples)) or "-"
        pack = f"  ({shown(rule.sources[0])})" if rule.house else ""
        severity = effective[rule.id] + ("*" if effective[rule.id] != rule.severity.value else "")
        click.echo(f"{rule.id.ljust(width)}  {severity:<8}  {langs:<5}  {_first_sentence(rule.summary())}{pack}")
    if any(effective[r.id] != r.severity.value for r in chosen):
        click.echo(f"* set by {config.path}; 'postcheck explain RULE' shows the built-in severity.")


def _test(registry: Registry, rules: list[Rule]) -> int:
    """``rules --test``: each failing example with its rule and ``file:line``; exit code 1 on
    any failure."""
    count, failures = failing_examples(registry, rules)
    for failure in failures:
        click.echo(_failure_line(failure))
    if failures:
        names = len({failure.rule.id for failure in failures})
        click.echo(f"{len(failures)} of {count} examples failed ({names} rule{'s' if names > 1 else ''})")
        return 1
    click.echo(f"{count} examples of {len(rules)} rules passed")
    return 0


def _failure_line(failure: ExampleFailure) -> str:
    where = f"{shown(failure.source)}:{failure.line or '?'}"
    if failure.problem:
        what = failure.problem
    elif failure.expected == "match":
        what = "should be flagged, but is not"
    else:
        spots = ", ".join(f"{f.span.start.line}:{f.span.start.column} {f.excerpt!r}" for f in failure.found[:3])
        what = f"should not be flagged, but is at {spots}"
    return f"{where}: {failure.rule.id} ({failure.lang}): {failure.expected} example {what}: {_one_line(failure.text)[:100]}"


@click.command()
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(["en", "ro"]), help="Message, rationale and fix in this language.")
@config_option
@clean_errors
def explain(rule_id: str, lang: str | None, config_file: Path | None) -> None:
    """Show one rule: why it exists, how to fix a finding, its policy and its examples."""
    registry = load_rules(load_config(config_file, []))
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
           "examples": "Examples", "flagged": "flagged:    ", "not_flagged": "not flagged:", "patterns": "Patterns", "topics": "Topics",
           "by_date": "Severity by date: {before} on posts dated before {date}, {after} from that day (posts without a date are judged today).",
           "from": "From: {packs} (the config's rule_packs)"},
    "ro": {"family": "familia", "check": "verificarea", "why": "De ce:", "fix": "Cum se corectează:", "policy": "Politica",
           "examples": "Exemple", "flagged": "semnalat:    ", "not_flagged": "nesemnalat:  ", "patterns": "Tipare", "topics": "Subiecte",
           "by_date": "Gravitatea după dată: {before} pentru articolele datate înainte de {date}, {after} de la acea zi (articolele fără dată sunt judecate după ziua de azi).",
           "from": "Din: {packs} (rule_packs din configurație)"},
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
    if rule.effective:
        when = rule.effective
        parts[1:1] = [
            "",
            words["by_date"].format(before=when.before.value, date=when.date.isoformat(), after=when.after.value),
        ]
    if rule.house:
        parts += [words["from"].format(packs=", ".join(_definitions(rule)))]
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


def _definitions(rule: Rule) -> list[str]:
    """The pack files a house rule comes from, with the line where it is defined."""
    lines = {examples.source: packlines.rule_line(examples.source, examples.index) for examples in rule.examples.values()}
    return [f"{shown(source)}:{lines[source]}" if lines.get(source) else shown(source) for source in rule.sources]


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
        "pack": str(shown(rule.sources[0])) if rule.house else None,
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
