"""The ``postcheck`` command. Subcommands live in :mod:`postcheck.commands`, one module each,
and are found by listing that package, so adding a command touches nothing here."""

from __future__ import annotations

import importlib
import pkgutil

import click

from postcheck import __version__, commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postcheck")
def main() -> None:
    """postcheck: is this post safe to publish?

    Lints Markdown posts (English and Romanian) for unsourced claims, untagged or broken links,
    sensitive topics without a proof page, and deceptive-practice phrasing.
    """


for _info in pkgutil.iter_modules(commands.__path__):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{commands.__name__}.{_info.name}")
        for _command in getattr(_module, "COMMANDS", ()):
            main.add_command(_command)
