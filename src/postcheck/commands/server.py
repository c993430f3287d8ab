"""``postcheck server``: the language server, for editors (see docs/editors.md)."""

from __future__ import annotations

import logging

import click


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport; editors often pass it).")
@click.option("-v", "--verbose", is_flag=True, help="Log what the server does to stderr (editors show it in their LSP log).")
def server(stdio: bool, verbose: bool) -> None:
    """Run the language server over stdio: diagnostics while you write, UTM fixes, suppressions
    with a reason, rule explanations on hover. Configure it with the ``server:`` config section."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="postcheck server: %(levelname)s %(name)s: %(message)s")
    from postcheck.server.features import serve  # pygls only when serving

    serve()


COMMANDS = [server]
