"""``postcheck fix``: repair what can be repaired safely, touching nothing else.

It runs the fixable checks (today: ``utm``) exactly as ``check`` would, config overrides and
inline suppressions included, and rewrites only the destinations of links with a fixable
finding. ``--diff`` prints a unified diff and writes nothing (exit code 1 when something
would change, as ``ruff --diff`` does); otherwise each changed file is replaced atomically and
every change is listed.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from postcheck.checks import RunOptions
from postcheck.commands._common import clean_errors, load_config, load_rules
from postcheck.discover import collect
from postcheck.edits import Edit, Replaced, StaleEdit, apply, clean_stale, write_atomic
from postcheck.checks.utm import fix as utm_fixes
from postcheck.formatters._shared import plural
from postcheck.runner import check_documents, enabled_rules, parse_targets

#: Families whose findings ``fix`` can repair.
FIXABLE_FAMILIES = ("utm",)
LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FileFix:
    path: str
    abspath: Path
    edits: list[Edit]
    before: bytes
    after: bytes


def plan(targets: list[Path], config_file: Path | None) -> tuple[list[FileFix], list[str]]:
    """The fixes for every post under ``targets``, and the files that could not be fixed
    (with discovery's warnings)."""
    config = load_config(config_file, targets)
    registry = load_rules(config)
    enabled = {r for r in enabled_rules(registry, config) if r.split("/", 1)[0] in FIXABLE_FAMILIES}
    problems: list[str] = []
    found = collect(targets, config, problems)
    for folder in {target.path.parent for target in found}:
        clean_stale(folder)  # what a killed run left behind
    docs = [doc for doc in parse_targets(found, config) if doc.readable and doc.problem is None]
    result = check_documents(docs, config, registry, enabled, RunOptions(offline=True))
    fixes = []
    for report in result.reports:
        edits = utm_fixes.edits_for(report.doc, report.findings, config.section("utm"))
        if not edits:
            continue
        try:
            before = report.doc.abspath.read_bytes()
            if hashlib.sha256(before).hexdigest() != report.doc.digest:
                raise StaleEdit("the file changed since it was read; run postcheck fix again")
            fixes.append(FileFix(report.path, report.doc.abspath, edits, before, apply(before, edits)))
        except (OSError, StaleEdit) as error:
            problems.append(f"{report.path}: not fixed: {_reason(error)}")
    return fixes, problems


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def unified_diff(fix: FileFix) -> str:
    """A ``diff -u`` of one file's fix (line ends kept as they are in the file). Paths are
    relative to the current folder, whatever folder was given, so ``git apply`` and
    ``patch -p1`` run from here find the file."""
    before = LINES.findall(fix.before.decode("utf-8"))
    after = LINES.findall(fix.after.decode("utf-8"))
    path = Path(os.path.relpath(fix.abspath.resolve(), Path.cwd().resolve())).as_posix()
    out = []
    for line in difflib.unified_diff(before, after, f"a/{path}", f"b/{path}"):
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes and write nothing.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one.")
@clean_errors
def fix(paths, show_diff, config_file) -> None:
    """Fix what can be fixed safely: add missing UTM tags to owned links (from the front
    matter's channel and campaign and the config's utm.defaults) and lowercase UTM values.
    Nothing else in the file changes.

    Exit code 0: done (or nothing to do); 1: with --diff, something would change, or a file
    could not be fixed; 2: usage or configuration error.
    """
    fixes, problems = plan(list(paths) or [Path(".")], config_file)
    for problem in problems:
        click.echo(f"postcheck: {problem}", err=True)
    if show_diff:
        for item in fixes:
            click.echo(unified_diff(item), nl=False)
        sys.exit(1 if fixes or problems else 0)
    written = links = 0
    replaced = Replaced()
    done: list[FileFix] = []
    for item in fixes:
        try:
            write_atomic(item.abspath, item.after, expected=item.before, replaced=replaced)
            done.append(item)
        except OSError as error:
            problems.append(f"{item.path}: not fixed: {_reason(error)}")
            click.echo(f"postcheck: {problems[-1]}", err=True)
    edited_meanwhile = replaced.settle()
    for item in done:
        if item.abspath in edited_meanwhile:
            problems.append(f"{item.path}: not fixed: the file changed since it was read (the edit saved while it was fixed is kept); run postcheck fix again")
            click.echo(f"postcheck: {problems[-1]}", err=True)
            continue
        written, links = written + 1, links + len(item.edits)
        for edit in item.edits:
            click.echo(f"{item.path}:{edit.span.start.line}:{edit.span.start.column}: {edit.note}")
    click.echo(f"Fixed {plural(links, 'link')} in {plural(written, 'file')}." if written else "Nothing to fix.")
    sys.exit(1 if problems else 0)


COMMANDS = [fix]
