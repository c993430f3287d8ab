"""``postcheck check``: lint posts and print a verdict."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Callable

import click

from postcheck import baseline as baseline_module
from postcheck import formatters, pipes, runrecord
from postcheck.baseline import Baseline, BaselineError
from postcheck.cache import results_folder
from postcheck.checks import RunOptions
from postcheck.checks.links.cache import FILE_NAME as LINKS_CACHE
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules, split_selectors, use_color
from postcheck.commands._progress import progress_bar
from postcheck.commands._show_config import show_config
from postcheck.config import Config
from postcheck.discover import Target, collect, is_excluded
from postcheck.findings import Severity
from postcheck.formatters import _statistics as statistics
from postcheck.gitdiff import GitError, changed_files
from postcheck.model import Document
from postcheck.parallel import Speed, default_jobs
from postcheck.runner import RunResult, check_documents, enabled_rules, read_stdin, run_targets
from postcheck.verdict import fails

FORMATS = formatters.names()
STDIN = "-"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--offline", is_flag=True, help="No network: remote links are 'skipped'; local files and anchors are still checked.")
@click.option("--no-cache", is_flag=True, help="Check every post and request every remote link again: neither read nor update the caches.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N", help="Worker processes for large runs (default: the number of cores).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rule ids or families (comma-separated or repeated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rule ids or families (postcheck/parse-error and postcheck/check-error are always reported).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output.")
@click.option("--changed-since", metavar="GIT_REF", help="Only posts added or changed since the merge base of GIT_REF and HEAD (renames followed, deletions ignored).")
@click.option("--output", "output_file", type=click.Path(path_type=Path, dir_okay=False), help="Write the --format output to FILE; the terminal still gets text.")
@click.option("--no-baseline", is_flag=True, help="Ignore the baseline file: report every finding.")
@click.option("--statistics", "show_statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run (2 still means a usage or configuration error).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else: no checklist, no summary, no notes.")
@click.option("--stdin-filename", metavar="NAME", help="With '-': the post's name (its language, config, links and baseline entries follow it).")
@click.option("--show-config", "show_config_flag", is_flag=True, help="Print the resolved configuration (config file, settings, effective rules) and exit.")
@clean_errors
def check(paths, output_format, offline, no_cache, jobs, config_file, select, ignore, fail_on, color, changed_since, output_file,
          no_baseline, show_statistics, exit_zero, quiet, stdin_filename, show_config_flag) -> None:
    """Lint posts (files or folders; default: the current folder; '-' reads one post from
    standard input).

    Exit code 0: nothing at or above --fail-on; 1: at least one such finding; 2: usage or
    configuration error.
    """
    context = click.get_current_context()
    stdin_name = _stdin_name(paths, stdin_filename)
    step_summary = output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY")
    replayable = offline and not (no_cache or stdin_name or changed_since or output_file or step_summary)
    args = context.meta.get(runrecord.ARGS)
    recorder = runrecord.Recorder(args) if replayable and args is not None else None
    with recorder or contextlib.nullcontext():
        code, cache_folder = _check(stdin_name, **context.params)
    if recorder is not None and cache_folder is not None:
        recorder.save(code, [cache_folder], aging=[cache_folder / LINKS_CACHE])
    sys.exit(code)


def _check(stdin_name, paths, output_format, offline, no_cache, jobs, config_file, select, ignore, fail_on, color, changed_since,
           output_file, no_baseline, show_statistics, exit_zero, quiet, stdin_filename, show_config_flag) -> tuple[int, Path | None]:
    """The check command's run (recorded for :mod:`~postcheck.runrecord` when it may be
    replayed): its exit code and its cache folder (None with --no-cache)."""
    targets = list(paths) or [Path(".")]
    config = load_config(config_file, [Path(stdin_name)] if stdin_name else targets)
    cache_folder = None if no_cache else results_folder(config)
    registry = load_rules(config, cached=cache_folder is not None)
    select, ignore = split_selectors(select), split_selectors(ignore)
    if show_config_flag:
        click.echo(show_config(config, registry, enabled_rules(registry, config, select, ignore)), nl=False)
        return 0, cache_folder
    baseline = None if no_baseline else load_baseline(config)
    note = (lambda text: None) if quiet else (lambda text: click.echo(f"postcheck: {text}", err=True))
    options = RunOptions(offline=offline, extra=_extra(no_cache))
    if stdin_name:
        enabled = enabled_rules(registry, config, select, ignore)
        result = check_documents(_stdin_docs(stdin_name, config, note), config, registry, enabled, options, baseline)
    else:
        warnings: list[str] = []
        keep = _changed_filter(changed_since, (list(paths) or [Path(".")])[0]) if changed_since else None
        targets = _targets(paths, config, (changed_since, keep) if keep else None, note, warnings)
        speed = Speed(jobs=jobs or default_jobs(), cache_folder=cache_folder)
        result = run_targets(targets, config, registry, options, select, ignore, speed, baseline, keep)
        for warning in warnings:
            click.echo(f"postcheck: warning: {warning}", err=True)
    _report(result, output_format, output_file, formatters.Style(color=use_color(color, sys.stdout), fail_on=Severity(fail_on), quiet=quiet), show_statistics)
    findings = [f for report in result.reports for f in report.findings]
    return (0 if exit_zero or not fails(findings, Severity(fail_on)) else 1), cache_folder


def _stdin_name(paths: tuple[Path, ...], stdin_filename: str | None) -> str | None:
    """The name of the post read from stdin, or None when no ``-`` is given."""
    if Path(STDIN) not in paths:
        if stdin_filename:
            raise UsageError("--stdin-filename needs '-' as the path (the post is read from standard input)")
        return None
    if len(paths) > 1:
        raise UsageError("'-' (a post on standard input) cannot be mixed with other paths")
    return stdin_filename or STDIN


def _stdin_docs(name: str, config: Config, note: Callable[[str], None]) -> list[Document]:
    """The post on stdin, unless the config's ``exclude`` leaves its name out (as it would the
    file: an editor or hook piping every file honours the team's excludes)."""
    if name != STDIN and is_excluded(Path(name), config):
        note(f"{name}: excluded by the config's exclude; not checked")
        return []
    return [read_stdin(sys.stdin.buffer.read(), name, config)]


def _targets(
    paths: tuple[Path, ...], config: Config, changed: tuple[str, Callable[[Target], bool]] | None, note: Callable[[str], None], warnings: list[str]
) -> list[Target]:
    """The files to check. A folder named on the command line that holds no post is a
    mistake (exit code 2); a named file the config excludes is skipped quietly, because hooks
    name every staged file; a run left with no post at all says why. Files that cannot be
    posts (a FIFO, a symlink loop) are skipped with a line in ``warnings``."""
    given = list(paths) or [Path(".")]
    empty: list[Path] = []
    targets = collect(given, config, warnings, empty)
    where = f"include: {', '.join(config.core.include)}" + (f"; exclude: {', '.join(config.core.exclude)}" if config.core.exclude else "")
    folders = [str(path) for path in empty if path.is_dir()]
    if paths and folders:
        raise UsageError(f"{', '.join(folders)}: no posts here ({where})")
    if changed is not None and targets:
        ref, keep = changed
        targets = [target for target in targets if keep(target)]
        if not targets:
            note(f"no posts to check: none changed since {ref}")
            return targets
    if not targets:
        excluded = [str(path) for path in empty if path.is_file()]
        if excluded:
            note(f"no posts to check: {', '.join(excluded)} excluded by the config's exclude")
        else:
            note(f"no posts found under {given[0]} ({where})")
    return targets


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


def load_baseline(config: Config) -> Baseline | None:
    """The baseline named by the config's ``baseline:`` (which must exist), else the default
    file beside the config when there is one."""
    path = baseline_module.default_path(config.root, config.core.baseline)
    if not path.is_file():
        if config.core.baseline:
            raise UsageError(f"{config.path}: baseline: {config.core.baseline}: no such file (write it with 'postcheck baseline')")
        return None
    try:
        return baseline_module.load(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def _report(result: RunResult, output_format: str, output_file: Path | None, style: formatters.Style, show_statistics: bool) -> None:
    """Print (and write) the run's output: the format, or the statistics; ``--output`` gets
    the format and the terminal gets text; GitHub's job summary gets the checklist."""
    plain = formatters.Style(fail_on=style.fail_on)
    if output_file is not None:
        _write(result, output_format, output_file, plain)
    if output_format == "github":
        _step_summary(result, plain)
    try:
        if show_statistics:
            statistics.render(result, sys.stdout, as_json=output_format == "json" and output_file is None)
            return
        terminal = "text" if output_file is not None else output_format
        formatters.load(terminal).render(result, sys.stdout, style)
    except BrokenPipeError:
        pipes.hung_up(sys.stdout)  # `| head`: the verdict's exit code still stands


def _write(result: RunResult, output_format: str, path: Path, style: formatters.Style) -> None:
    """``--output FILE``: the chosen format, without colour, in UTF-8 (folders are created)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            formatters.load(output_format).render(result, out, style)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the report ({error.strerror or error})") from error


def _step_summary(result: RunResult, style: formatters.Style) -> None:
    """In GitHub Actions, append the Markdown checklist to the job's summary page
    (``$GITHUB_STEP_SUMMARY``), so a reviewer sees the verdict without opening the log."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8", newline="\n") as out:
            formatters.load("checklist").render(result, out, style)
    except OSError as error:
        click.echo(f"postcheck: warning: cannot append to GITHUB_STEP_SUMMARY ({target}): {error.strerror or error}", err=True)


def _extra(no_cache: bool) -> dict:
    """Options for the links check: the cache switch, and a progress bar on a terminal."""
    extra: dict = {"no_cache": no_cache}
    if sys.stderr.isatty():
        extra["progress"] = progress_bar
    return extra


COMMANDS = [check]
