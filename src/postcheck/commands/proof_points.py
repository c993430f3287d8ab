"""``postcheck proof-points``: the proof-point register's report.

It runs the claims check over the posts (offline, every claims rule) to find the claims each
entry backs, then reports every entry with its status, owner, evidence and uses.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from postcheck.checks import RunOptions
from postcheck.checks.claims import proof_points_file
from postcheck.checks.claims.proof_points_report import RENDERERS, build
from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules
from postcheck.registry import LANGUAGES
from postcheck.runner import run


@click.command("proof-points")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="text", show_default=True, help="Output format.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@clean_errors
def proof_points(paths, output_format, config_file) -> None:
    """The proof-point register (config 'proof_points'): every entry with its status (ok,
    expiring, expired, unused), owner, evidence and the posts that use it (default: the posts
    under the current folder).

    Exit code 0: no expired entry is in use; 1: a post rests on an expired entry; 2: usage or
    configuration error, or a malformed entry (named with its file, line and field).
    """
    targets = list(paths) or [Path(".")]
    config = load_config(config_file, targets)
    if not config.core.proof_points:
        where = config.path or "the config"
        raise UsageError(f"{where}: no register: name one with 'proof_points: FILE' (see the README, \"Proof points\")")
    lang = config.language if config.language in LANGUAGES else "en"
    register = proof_points_file.load(config.root / config.core.proof_points, config.root, lang)
    result = run(targets, config, load_rules(), RunOptions(offline=True), select=["claims"])
    report = build(register, result.reports, config.root)
    text = io.StringIO()
    RENDERERS[output_format](report, text)
    click.echo(text.getvalue(), nl=False)
    sys.exit(1 if report.expired_in_use else 0)


COMMANDS = [proof_points]
