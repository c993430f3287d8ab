"""A reader that stops reading (``postcheck check | head -1``) must not change the verdict.

When the reader of standard output hangs up, the next write raises ``BrokenPipeError``. Left
to click, that ends the process with exit code 1, which is postcheck's "posts need changes":
a clean run piped into ``head`` would fail a CI step run with ``set -o pipefail``. Instead the
rest of the output goes to the null device and the run ends with its own exit code.
"""

from __future__ import annotations

import os
from typing import TextIO


def hung_up(stream: TextIO) -> None:
    """Send the rest of ``stream``'s output (and what its buffer still holds) to the null
    device; nothing to do for a stream that is not a file (a test's ``StringIO``)."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)
