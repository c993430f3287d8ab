"""``postcheck baseline``: accept today's findings, so that only new ones fail.

A repository adopting postcheck records its current findings once; ``check`` then lists
them as ``baselined`` and fails only on findings the baseline does not know. ``--prune``
drops the entries that no longer match anything (the problem was fixed) and adds none.
"""

from __future__ import annotations

from pathlib import Path

import click

from postcheck import baseline as baseline_module
from postcheck.baseline import Baseline, BaselineError
from postcheck.cache import results_folder
from postcheck.checks import RunOptions
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules
from postcheck.formatters._shared import plural
from postcheck.parallel import Speed, default_jobs
from postcheck.runner import run


@click.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "output_file", type=click.Path(path_type=Path, dir_okay=False), help="Write the baseline to FILE (default: the config's 'baseline:', else .postcheck-baseline.json beside the config).")
@click.option("--prune", is_flag=True, help="Only drop the entries that match nothing any more; add none.")
@click.option("--offline", is_flag=True, help="No network: remote links are not checked, and their entries are kept as they are.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@clean_errors
def baseline(paths, output_file, prune, offline, config_file) -> None:
    """Record the current findings in the baseline file (files or folders; default: the
    current folder). Entries of posts not checked this time are kept.

    Exit code 0: written; 2: usage or configuration error.
    """
    targets = list(paths) or [Path(".")]
    config = load_config(config_file, targets)
    cache_folder = results_folder(config)
    registry = load_rules(config, cached=cache_folder is not None)
    path = output_file.resolve() if output_file else baseline_module.default_path(config.root, config.core.baseline)
    try:
        existing = baseline_module.load(path) if path.is_file() else Baseline(path)
        speed = Speed(jobs=default_jobs(), cache_folder=cache_folder)
        result = run(targets, config, registry, RunOptions(offline=offline, extra={"no_cache": False}), speed=speed)
        for warning in result.warnings:
            click.echo(f"postcheck: warning: {warning}", err=True)
        rebuilt = baseline_module.rebuild(existing, result.reports, config.root, prune)
        baseline_module.save(rebuilt.baseline)
    except BaselineError as error:
        raise UsageError(str(error)) from None
    kept = len(rebuilt.baseline.entries)
    click.echo(f"{_shown(path)}: {plural(kept, 'entry')} ({rebuilt.added} added, {rebuilt.dropped} dropped).")
    left = [f for report in result.reports for f in report.findings if f.rule in baseline_module.UNBASELINABLE]
    if left:
        rules = ", ".join(sorted({f.rule for f in left}))
        click.echo(f"postcheck: {plural(len(left), 'finding')} cannot be baselined ({rules}): fix them; 'postcheck check' reports them.", err=True)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


COMMANDS = [baseline]
