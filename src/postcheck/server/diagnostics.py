"""Findings as LSP diagnostics, and the two diagnostics that are not findings: a config that
cannot be used and a check that could not finish, both at line 1."""

from __future__ import annotations

from lsprotocol import types

from postcheck.findings import Finding, Severity
from postcheck.model import Position, Span
from postcheck.registry import Registry
from postcheck.runner import CHECK_ERROR
from postcheck.server.positions import Codec

SOURCE = "postcheck"
SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
FIRST_LINE = Span(Position(1, 1), Position(1, 2))


def diagnostic(finding: Finding, codec: Codec, registry: Registry) -> types.Diagnostic:
    """One finding: its range, severity, rule id as ``code`` and the rule's policy page."""
    rule = registry.rules.get(finding.rule)
    return types.Diagnostic(
        range=codec.range(finding.span),
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule.policy) if rule else None,
        source=SOURCE,
        message=finding.message,
    )


def config_problem(message: str, codec: Codec) -> types.Diagnostic:
    """The config (or a rule pack) cannot be used: nothing was checked, and the writer must
    know why rather than see a clean post."""
    return types.Diagnostic(
        range=codec.range(FIRST_LINE),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        message=f"postcheck did not check this post: {message}",
    )


def check_failed(message: str, codec: Codec, registry: Registry | None) -> types.Diagnostic:
    """postcheck itself failed on this text; the server goes on (the same rule as a check
    that crashes inside the runner)."""
    rule = registry.rules.get(CHECK_ERROR) if registry else None
    return types.Diagnostic(
        range=codec.range(FIRST_LINE),
        severity=types.DiagnosticSeverity.Error,
        code=CHECK_ERROR,
        code_description=types.CodeDescription(href=rule.policy) if rule else None,
        source=SOURCE,
        message=message,
    )
