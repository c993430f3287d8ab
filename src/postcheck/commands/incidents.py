"""``postcheck incidents``: the quarterly summary, ``add`` to the ledger, ``scan`` git history."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from postcheck.commands._common import UsageError, clean_errors, load_config, load_rules
from postcheck.config import Config
from postcheck.incidents import ledger as ledger_module
from postcheck.incidents.chart import ChartError, draw
from postcheck.incidents.gitscan import ScanError, ScanResult, scan
from postcheck.incidents.ledger import ACTIONS, Incident, LedgerError
from postcheck.incidents.quarters import Quarter, QuarterError, parse_quarter, quarters_between, year_quarters
from postcheck.incidents.summary import RENDERERS, summarize
from postcheck.parse import parse_file

config_option = click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of discovering one."
)


@click.group("incidents", invoke_without_command=True)
@click.option("--quarter", metavar="YEAR-QN", help="One quarter, e.g. 2026-Q3 (fiscal when incidents.fiscal_year_start is set).")
@click.option("--year", type=int, help="The four quarters of one (fiscal) year.")
@click.option("--since", metavar="DATE", help="First day counted (YYYY-MM-DD); default: the first incident.")
@click.option("--until", metavar="DATE", help="Last day counted (YYYY-MM-DD); default: today.")
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="text", show_default=True, help="Output format.")
@click.option("--chart", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE", help="Also draw a bar chart to FILE.png or FILE.svg (needs matplotlib).")
@config_option
@click.pass_context
@clean_errors
def incidents(ctx: click.Context, quarter, year, since, until, output_format, chart, config_file) -> None:
    """Compliance incidents per quarter, against the target (incidents.target).

    Reads the ledger (incidents.ledger). Quarters in the period with no incidents show 0.
    Subcommands: 'add' records one incident, 'scan' finds them in git history.
    """
    if ctx.invoked_subcommand is not None:
        given = [name for name, value in (("--quarter", quarter), ("--year", year), ("--since", since), ("--until", until), ("--chart", chart)) if value]
        if given or output_format != "text":
            raise UsageError(f"{(given or ['--format'])[0]} belongs to the summary, not to 'incidents {ctx.invoked_subcommand}'")
        ctx.obj = {"config_file": config_file}
        return
    config = load_config(config_file, [])
    settings = config.section("incidents")
    entries = _load_ledger(config)
    if not _ledger_path(config).exists():
        click.echo(f"postcheck: no ledger at {_ledger_path(config)} yet; record incidents with 'postcheck incidents add'", err=True)
    quarters, first, last = _period(entries, settings.fiscal_year_start, quarter, year, since, until)
    summary = summarize(entries, quarters, settings.target, first, last)
    if chart is not None:  # first, so that a chart that cannot be drawn prints nothing
        try:
            draw(summary, chart)
        except ChartError as error:
            raise UsageError(str(error)) from None
    text = io.StringIO()
    RENDERERS[output_format](summary, text)
    click.echo(text.getvalue(), nl=False)
    if chart is not None:
        click.echo(f"chart written to {chart}", err=True)


@incidents.command("add")
@click.option("--post", required=True, help="The post, relative to the config's folder (it may no longer exist).")
@click.option("--action", required=True, type=click.Choice(ACTIONS), help="What happened to it.")
@click.option("--family", required=True, help="A family (claims, utm, links, proof, deceptive) or a rule id.")
@click.option("--date", "day", metavar="DATE", help="When it happened (YYYY-MM-DD); default: today.")
@click.option("--note", default="", help="What was wrong.")
@click.option("--channel", default="", help="Where it was published; default: the post's front matter.")
@click.option("--owner", default="", help="Who is accountable; default: the post's front matter.")
@click.option("--url", default="", help="The published URL.")
@click.option("--platform", default="", help="The platform that flagged it.")
@click.option("--allow-future", is_flag=True, help="Accept a --date after today (an incident is something that happened).")
@config_option
@click.pass_context
@clean_errors
def add(ctx: click.Context, post, action, family, day, note, channel, owner, url, platform, allow_future, config_file) -> None:
    """Append one incident to the ledger (existing entries and comments are left untouched)."""
    if day and not allow_future and _date(day, "--date") > date.today():
        raise UsageError(f"--date: {day} is in the future (today is {date.today().isoformat()}); an incident is recorded once it happened (--allow-future to record it anyway)")
    config = load_config(config_file or ctx.obj.get("config_file"), [])
    rule_ids = set(load_rules(config).rules)
    relative, front = _locate_post(config, post)
    given = {"channel": channel, "owner": owner, "url": url, "platform": platform}
    data = {
        "date": day or date.today().isoformat(),
        "post": relative,
        "action": action,
        "family": family,
        "note": note,
        **ledger_module.post_fields(front),
        **{name: value for name, value in given.items() if value},
    }
    try:
        incident = ledger_module.build_entry(data, rule_ids)
    except ValueError as error:
        raise UsageError(str(error).replace("field '", "--", 1).replace("':", ":", 1)) from None
    path = _ledger_path(config)
    try:
        ledger_module.append(path, [incident])
    except LedgerError as error:
        raise UsageError(str(error)) from None
    click.echo(f"{path.name}: added {incident.date} {incident.post} {incident.action} ({incident.family})")


@incidents.command("scan")
@click.option("--since", metavar="DATE", help="Only commits on or after this date (YYYY-MM-DD).")
@click.option("--write", is_flag=True, help="Append the incidents found in trailers to the ledger.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@config_option
@click.pass_context
@clean_errors
def scan_command(ctx: click.Context, since, write, output_format, config_file) -> None:
    """Find incidents in the git history of the content repo (the config's folder).

    Lists 'Postcheck-Incident: <family or rule id> <edited|deleted|flagged>' commit trailers
    not yet in the ledger, and published posts changed or deleted after their date (to review).
    """
    config = load_config(config_file or ctx.obj.get("config_file"), [])
    rule_ids = set(load_rules(config).rules)
    entries = _load_ledger(config)
    try:
        result = scan(config, entries, rule_ids, _date(since, "--since") if since else None)
    except ScanError as error:
        raise UsageError(str(error)) from None
    path = _ledger_path(config)
    if write and result.new:
        try:
            ledger_module.append(path, [found.incident for found in result.new])
        except LedgerError as error:
            raise UsageError(str(error)) from None
    written = len(result.new) if write else 0
    if output_format == "json":
        click.echo(json.dumps(_scan_json(result, written), indent=2, ensure_ascii=False))
        return
    _print_scan(result, write)
    if written:
        click.echo(f"\n{path.name}: added {written} incident(s)")


def _scan_json(result: ScanResult, written: int) -> dict[str, Any]:
    """``scan --format json``: the same lists as the text, with full commit ids."""
    return {
        "new": [{**ledger_module.to_mapping(f.incident), "commit": f.commit.sha, "subject": f.commit.subject} for f in result.new],
        "written": written,
        "already_recorded": len(result.already_recorded),
        "ignored": [{"commit": i.commit.sha, "trailer": i.trailer, "reason": i.reason} for i in result.ignored],
        "to_review": [
            {"date": r.commit.day.isoformat(), "post": r.post, "change": r.change, "published": r.published.isoformat(), "commit": r.commit.sha, "subject": r.commit.subject}
            for r in result.to_review
        ],
    }


def _print_scan(result: ScanResult, write: bool) -> None:
    click.echo(f"Incidents in commit trailers, not in the ledger: {len(result.new)}")
    for found in result.new:
        i = found.incident
        click.echo(f"  {i.date}  {i.post}  {i.action}  {i.family}  ({found.commit.short} {found.commit.subject})")
    if result.new and not write:
        click.echo("  (run 'postcheck incidents scan --write' to append them)")
    if result.already_recorded:
        click.echo(f"Already in the ledger: {len(result.already_recorded)}")
    for ignored in result.ignored:
        click.echo(f"Ignored trailer in {ignored.commit.short} '{ignored.trailer}': {ignored.reason}")
    click.echo(f"To review (published posts changed after their date): {len(result.to_review)}")
    for item in result.to_review:
        click.echo(f"  {item.commit.day}  {item.post}  {item.change}, published {item.published}  ({item.commit.short} {item.commit.subject})")


def _period(entries: list[Incident], start_month: int, quarter, year, since, until) -> tuple[list[Quarter], date | None, date | None]:
    """The quarters asked for, and the first and last day counted (None: whole quarters)."""
    chosen = [name for name, value in (("--quarter", quarter), ("--year", year), ("--since/--until", since or until)) if value]
    if len(chosen) > 1:
        raise UsageError(f"use only one of {', '.join(chosen)}")
    try:
        if quarter:
            return [parse_quarter(quarter, start_month)], None, None
        if year is not None:
            return year_quarters(year, start_month), None, None
        first = _date(since, "--since") if since else min((i.date for i in entries), default=date.today())
        last = _date(until, "--until") if until else max([date.today(), *(i.date for i in entries)])
        quarters = quarters_between(first, last, start_month)
    except QuarterError as error:
        raise UsageError(str(error)) from None
    return quarters, (first if since else None), (last if until else None)


def _date(text: str, option: str) -> date:
    day = ledger_module.parse_date(text)
    if day is None:
        raise UsageError(f"{option}: expected a date YYYY-MM-DD, got {text!r}")
    return day


def _ledger_path(config: Config) -> Path:
    return config.resolve(config.section("incidents").ledger)


def _load_ledger(config: Config) -> list[Incident]:
    try:
        return ledger_module.load(_ledger_path(config))
    except LedgerError as error:
        raise UsageError(str(error)) from None


def _locate_post(config: Config, post: str) -> tuple[str, Any]:
    """The post's path relative to the config's folder, and its front matter (empty when the
    post no longer exists). A path that exists from the current folder is converted."""
    given = Path(post)
    for candidate in (given, config.root / given):
        if candidate.is_file():
            resolved = candidate.resolve()
            try:
                relative = resolved.relative_to(config.root.resolve()).as_posix()
            except ValueError:
                relative = given.as_posix()
            return relative, parse_file(resolved, relative).front_matter
    return given.as_posix(), {}


COMMANDS = [incidents]
