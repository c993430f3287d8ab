"""CLI subcommands: each module exports ``COMMANDS``, a list of click commands."""
