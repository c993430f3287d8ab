"""The real ``postcheck server`` with one extra check that crashes, for the robustness tests
(tests/test_server_robust.py starts this file as the server command; nothing in postcheck
imports it).

The check claims a real rule so that the runner runs it. It crashes in one of two places:
- inside the check, on a post containing :data:`MARKER` (the runner's own isolation turns
  that into a ``postcheck/check-error`` finding on the post);
- before the runner's isolation, when ``POSTCHECK_TEST_CRASH=rules`` is set: asking the check
  for its rules raises, so the exception leaves the runner and only the server's own guard
  stands between it and the client.
"""

from __future__ import annotations

import os

from postcheck.checks.base import DocumentCheck, register
from postcheck.server.features import serve

MARKER = "CRASH-THE-CHECK"


@register
class CrashingCheck(DocumentCheck):
    name = "test-crash"
    family = "deceptive"

    def rules(self, registry):
        if os.environ.get("POSTCHECK_TEST_CRASH") == "rules":
            raise RuntimeError("the test check cannot list its rules")
        return [registry.get("deceptive/fake-urgency")]

    def check_document(self, doc, ctx):
        if any(MARKER in line for line in doc.lines):
            raise ZeroDivisionError("the test check divided by zero")
        return []


if __name__ == "__main__":
    serve()
