"""``postcheck init``: start a content repository's config and house rule pack.

It writes a commented ``.postcheck.yaml`` (owned domains, proof pages, ``rule_packs``) and a
starter pack ``compliance/house.yaml`` (one phrase rule, one ``require`` rule, in the chosen
language) whose examples pass ``postcheck rules --test``. It never overwrites: when either
file, or another postcheck config in the folder, exists it writes nothing and says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

import click

from postcheck.commands._common import UsageError, clean_errors
from postcheck.config import CONFIG_NAMES, has_tool_table
from postcheck.registry import LANGUAGES

STARTER = Path(__file__).resolve().parent.parent / "starter"
CONFIG = ".postcheck.yaml"
PACK = Path("compliance") / "house.yaml"


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--language", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the starter pack's rules.")
@click.option("--domain", "domains", multiple=True, metavar="HOST", help="A domain the team owns: links to it must carry UTM tags (repeatable).")
@click.option("--proof-page", "pages", multiple=True, metavar="URL", help="A proof page (AI principles, trust centre) sensitive posts must link (repeatable).")
@clean_errors
def init(folder: Path, language: str, domains: tuple[str, ...], pages: tuple[str, ...]) -> None:
    """Write a commented .postcheck.yaml and a starter rule pack, compliance/house.yaml."""
    _refuse_existing(folder)
    config = Template((STARTER / "postcheck.yaml").read_text(encoding="utf-8")).substitute(
        domains=_flow(domains),
        domains_hint="" if domains else "                # e.g. [example.com, example.ro]",
        pages=_flow(pages),
        pages_hint="" if pages else "                  # e.g. [\"https://example.com/trust\"]",
    )
    pack = (STARTER / f"house.{language}.yaml").read_text(encoding="utf-8")
    try:
        (folder / PACK.parent).mkdir(parents=True, exist_ok=True)
        _create(folder / PACK, pack)
        _create(folder / CONFIG, config)
    except OSError as error:
        raise UsageError(f"{folder}: cannot write the starter files ({error.strerror or error})") from None
    click.echo(f"wrote {folder / CONFIG} and {folder / PACK}; next: postcheck rules --test, then postcheck check")


def _refuse_existing(folder: Path) -> None:
    existing = [folder / name for name in (*CONFIG_NAMES, str(PACK)) if (folder / name).exists()]
    if has_tool_table(folder / "pyproject.toml"):
        existing.append(folder / "pyproject.toml")
    if existing:
        raise UsageError(f"{existing[0]} already exists; postcheck init never overwrites (edit it, or remove it first)")


def _create(path: Path, text: str) -> None:
    """Write a new file; ``x`` mode fails rather than replace one that appeared meanwhile."""
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _flow(values: tuple[str, ...]) -> str:
    """Values as the items of a YAML flow list (JSON strings are valid YAML)."""
    return ", ".join(json.dumps(value) for value in values)


COMMANDS = [init]
