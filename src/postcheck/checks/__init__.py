"""The built-in checks. Importing this package registers them all in :data:`CHECKS`."""

from postcheck.checks import claims, links, phrases, proof, sponsorship, utm  # noqa: F401
from postcheck.checks.base import CHECKS, Check, CheckContext, DocumentCheck, RunOptions, register

__all__ = ["CHECKS", "Check", "CheckContext", "DocumentCheck", "RunOptions", "register"]
