"""``postcheck`` (the console script) and ``python -m postcheck``."""

import sys


def main() -> None:
    """The console script. A warm ``check`` whose whole run is unchanged is answered from its
    record (:mod:`postcheck.runrecord`) before click, the config or a check is imported; every
    other command line goes to the CLI. The process then ends as soon as its output is out
    (:func:`_exit`)."""
    _exit(_run())


def _run() -> object:
    """The exit code of the command line in ``sys.argv``."""
    from postcheck import runrecord

    code = runrecord.replay(sys.argv[1:], sys.stdout, sys.stderr)
    if code is not None:
        return code
    from postcheck.cli import main as cli

    try:
        cli()
    except SystemExit as done:
        return done.code
    return 0


def _exit(code: object) -> None:
    """End the console script's process once its output is flushed, without the
    interpreter's teardown, which frees every object one at a time and waits for idle threads
    (a name lookup that hangs, say): 0.06-0.17 s after a cold links run, as long as writing
    its report. Nothing is left to the teardown: the worker processes and the links requests
    have ended, and every file is closed where it is written. A traced interpreter (coverage)
    and an exit code that is not a number end the usual way."""
    if not isinstance(code, (int, type(None))) or sys.gettrace() is not None:
        sys.exit(code)
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that hung up (`| head`), or a closed stream
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    # ``python -m postcheck``, and runpy in tests that look at the interpreter afterwards:
    # the usual exit (SystemExit).
    sys.exit(_run())
