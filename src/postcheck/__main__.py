"""``postcheck`` (the console script) and ``python -m postcheck``."""

import sys


def main() -> None:
    """A warm ``check`` whose whole run is unchanged is answered from its record
    (:mod:`postcheck.runrecord`) before click, the config or a check is imported; every other
    command line goes to the CLI."""
    from postcheck import runrecord

    code = runrecord.replay(sys.argv[1:], sys.stdout, sys.stderr)
    if code is not None:
        sys.exit(code)
    from postcheck.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
