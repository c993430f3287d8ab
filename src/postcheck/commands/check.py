"""``postcheck check``: lint posts and print a verdict."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import click

from postcheck import formatters
from postcheck.checks import RunOptions
from postcheck.cache import results_folder
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules, use_color
from postcheck.commands._progress import progress_bar
from postcheck.discover import Target
from postcheck.findings import Severity
from postcheck.gitdiff import GitError, changed_files
from postcheck.parallel import Speed, default_jobs
from postcheck.runner import RunResult, run
from postcheck.verdict import fails

FORMATS = sorted(formatters.available())


def _split(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` → ``[a, b, c]`` (ruff accepts both spellings)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--offline", is_flag=True, help="No network: remote links are 'skipped'; local files and anchors are still checked.")
@click.option("--no-cache", is_flag=True, help="Check every post and request every remote link again: neither read nor update the caches.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N", help="Worker processes for large runs (default: the number of cores).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rule ids or families (comma-separated or repeated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rule ids or families.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output.")
@click.option("--changed-since", metavar="GIT_REF", help="Only posts added or changed since the merge base of GIT_REF and HEAD (renames followed, deletions ignored).")
@click.option("--output", "output_file", type=click.Path(path_type=Path, dir_okay=False), help="Write the --format output to FILE; the terminal still gets text.")
@clean_errors
def check(paths, output_format, offline, no_cache, jobs, config_file, select, ignore, fail_on, color, changed_since, output_file) -> None:
    """Lint posts (files or folders; default: the current folder).

    Exit code 0: nothing at or above --fail-on; 1: at least one such finding; 2: usage or
    configuration error.
    """
    targets = list(paths) or [Path(".")]
    config = load_config(config_file, targets)
    cache_folder = None if no_cache else results_folder(config)
    registry = load_rules(config, cache_folder)
    threshold = Severity(fail_on)
    keep = _changed_filter(changed_since, targets[0]) if changed_since else None
    speed = Speed(jobs=jobs or default_jobs(), cache_folder=cache_folder)
    result = run(targets, config, registry, RunOptions(offline=offline, extra=_extra(no_cache)), _split(select), _split(ignore), keep, speed)
    for warning in result.warnings:
        click.echo(f"postcheck: warning: {warning}", err=True)
    if output_file is not None:
        _write(result, output_format, output_file, formatters.Style(fail_on=threshold))
        output_format = "text"
    terminal = formatters.Style(color=use_color(color, sys.stdout), fail_on=threshold)
    formatters.available()[output_format].render(result, sys.stdout, terminal)
    findings = [f for report in result.reports for f in report.findings]
    sys.exit(1 if fails(findings, threshold) else 0)


def _changed_filter(ref: str, first: Path) -> Callable[[Target], bool]:
    """A ``keep`` predicate for the runner: the file changed since ``ref``. git is asked about
    the repository holding the first path (a missing path is reported by the runner)."""
    try:
        changed = changed_files(ref, first if first.exists() else Path("."))
    except GitError as error:
        raise UsageError(str(error)) from error

    def keep(target: Target) -> bool:
        return target.path.resolve() in changed

    return keep


def _write(result: RunResult, output_format: str, path: Path, style: formatters.Style) -> None:
    """``--output FILE``: the chosen format, without colour, in UTF-8 (folders are created)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            formatters.available()[output_format].render(result, out, style)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the report ({error.strerror or error})") from error


def _extra(no_cache: bool) -> dict:
    """Options for the links check: the cache switch, and a progress bar on a terminal."""
    extra: dict = {"no_cache": no_cache}
    if sys.stderr.isatty():
        extra["progress"] = progress_bar
    return extra


COMMANDS = [check]
