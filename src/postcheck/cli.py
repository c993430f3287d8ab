"""The ``postcheck`` command. Subcommands live in :mod:`postcheck.commands`, one module each,
and are found by listing that package, so adding a command touches nothing here.

A run imports only the module of the subcommand it runs (``check`` in a pre-commit hook
does not pay for ``incidents``, ``fix`` or the language server): the module named like the
command (``proof-points`` → ``proof_points``) is tried first, and every module is imported
only to list the commands (``--help``) or to find one that lives in another's module
(``explain`` is in ``rules``).
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from postcheck import __version__, commands, runrecord


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are asked for."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The command line as given: the whole-run record is keyed by it (see runrecord).
        ctx.meta[runrecord.ARGS] = list(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = cmd_name.replace("-", "_")
        if module in _module_names():
            self._load(module)
            if cmd_name in self.commands:
                return self.commands[cmd_name]
        self._load_all()
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_all()
        return sorted(self.commands)

    def _load_all(self) -> None:
        for name in _module_names():
            self._load(name)

    def _load(self, name: str) -> None:
        for command in getattr(importlib.import_module(f"{commands.__name__}.{name}"), "COMMANDS", ()):
            self.add_command(command)


def _module_names() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_")]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postcheck")
def main() -> None:
    """postcheck: is this post safe to publish?

    Lints Markdown posts (English and Romanian) for unsourced claims, untagged or broken links,
    sensitive topics without a proof page, and deceptive-practice phrasing.
    """
