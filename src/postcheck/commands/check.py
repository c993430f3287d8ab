"""``postcheck check``: lint posts and print a verdict."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from postcheck import formatters
from postcheck.checks import RunOptions
from postcheck.commands._common import clean_errors, load_config, load_rules, use_color
from postcheck.findings import Severity
from postcheck.runner import run
from postcheck.verdict import fails

FORMATS = sorted(formatters.available())


def _split(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` → ``[a, b, c]`` (ruff accepts both spellings)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--offline", is_flag=True, help="No network: remote links are 'skipped'; local files and anchors are still checked.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rule ids or families (comma-separated or repeated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rule ids or families.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output.")
@clean_errors
def check(paths, output_format, offline, config_file, select, ignore, fail_on, color) -> None:
    """Lint posts (files or folders; default: the current folder).

    Exit code 0: nothing at or above --fail-on; 1: at least one such finding; 2: usage or
    configuration error.
    """
    targets = list(paths) or [Path(".")]
    config = load_config(config_file, targets)
    registry = load_rules()
    result = run(targets, config, registry, RunOptions(offline=offline), _split(select), _split(ignore))
    out = sys.stdout
    style = formatters.Style(color=use_color(color, sys.stdout))
    formatters.available()[output_format].render(result, out, style)
    findings = [f for report in result.reports for f in report.findings]
    sys.exit(1 if fails(findings, Severity(fail_on)) else 0)


COMMANDS = [check]
