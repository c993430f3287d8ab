"""Hover on a finding: what is wrong, why the rule exists, how to fix it, and the policy, in
the post's language."""

from __future__ import annotations

from lsprotocol import types

from postcheck.findings import Finding
from postcheck.model import Position
from postcheck.registry import Registry
from postcheck.server.positions import Codec
from postcheck.verdict import FileReport

LABELS = {
    "en": {"why": "Why", "fix": "How to fix", "policy": "Policy"},
    "ro": {"why": "De ce", "fix": "Cum se corectează", "policy": "Politica"},
}


def covering(report: FileReport, position: Position) -> list[Finding]:
    """The findings whose span holds ``position`` (end exclusive; an empty span holds its
    start)."""
    return [f for f in report.findings if f.span.start <= position < f.span.end or f.span.start == position]


def hover(report: FileReport, position: Position, codec: Codec, registry: Registry) -> types.Hover | None:
    found = covering(report, position)
    if not found:
        return None
    lang = report.doc.lang
    parts = [explain(finding, registry, lang) for finding in found]
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=codec.range(found[0].span),
    )


def explain(finding: Finding, registry: Registry, lang: str) -> str:
    """One finding as Markdown: the message, then the rule's explanation, fix hint and policy."""
    labels = LABELS.get(lang, LABELS["en"])
    lines = [f"**postcheck** `{finding.rule}` ({finding.severity.value}): {finding.message}"]
    rule = registry.rules.get(finding.rule)
    if rule is not None:
        lines += ["", f"**{labels['why']}:** {rule.text('explanation', lang)}"]
    hint = finding.fix or (rule.fix_for(lang) if rule else "")
    if hint:
        lines += ["", f"**{labels['fix']}:** {hint}"]
    if rule is not None:
        lines += ["", f"**{labels['policy']}:** [{rule.policy}]({rule.policy})"]
    return "\n".join(lines)
