"""The built-in checks, one folder per family (check, settings, fixer and helpers together),
plus the phrase and require checks that run any family's data rules. Importing this package registers them
all in :data:`CHECKS`, and each family's settings section."""

from postcheck.checks import claims, deceptive, frontmatter, links, phrases, proof, require, utm  # noqa: F401
from postcheck.checks.base import CHECKS, Check, CheckContext, DocumentCheck, RunOptions, register

__all__ = ["CHECKS", "Check", "CheckContext", "DocumentCheck", "RunOptions", "register"]
