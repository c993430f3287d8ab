"""``postcheck/front-matter``: a front-matter value postcheck cannot use is said, not ignored.

``lang: xx`` used to fall back to detection, and ``sponsored: maybe`` to "not sponsored",
without a word: the post was checked differently from what its writer meant. Each key
postcheck reads has its allowed values here; a value outside them is a finding at the value,
naming the key and what it accepts. It is an error when the run needs the key (the checks
that read it are on) and a warning otherwise, unless the config sets the rule's severity. A
value YAML recognises but cannot build (``date: 2024-27-06``, day and month swapped) is
reported the same way instead of as an unwaivable parse error: the rest of the post is fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from postcheck import language, messages
from postcheck.checks.base import CheckContext, DocumentCheck, excerpt, register
from postcheck.findings import Finding, Severity
from postcheck.model import Document, Position, Span

RULE = "postcheck/front-matter"
SPONSORED_WORDS = frozenset({"true", "false", "yes", "no", "da", "nu", "1", "0", "on", "off"})


def _any_enabled(*prefixes: str) -> Callable[[CheckContext], bool]:
    """A key is needed when a rule of one of these families (or these rule ids) runs."""
    return lambda ctx: any(rule == p or rule.startswith(p + "/") for rule in ctx.enabled_rules for p in prefixes)


def _utm_needed(ctx: CheckContext) -> bool:
    return bool(ctx.config.section("utm").domains) and _any_enabled("utm")(ctx)


@dataclass(frozen=True)
class KeyRule:
    """What a front-matter key accepts (``allowed`` names a phrase in
    :mod:`postcheck.messages`) and when a run needs it."""

    valid: Callable[[Any], bool]
    allowed: str
    needed: Callable[[CheckContext], bool]


KEYS: dict[str, KeyRule] = {
    "lang": KeyRule(lambda v: isinstance(v, str) and language.declared(v) is not None, "front-matter.lang", lambda ctx: True),
    "sponsored": KeyRule(
        lambda v: isinstance(v, bool) or (isinstance(v, (str, int)) and str(v).strip().lower() in SPONSORED_WORDS),
        "front-matter.sponsored",
        _any_enabled("deceptive/undisclosed-sponsorship"),
    ),
    "channel": KeyRule(lambda v: isinstance(v, str) and bool(v.strip()), "front-matter.text", _utm_needed),
    "campaign": KeyRule(lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "front-matter.text", _utm_needed),
    "topics": KeyRule(
        lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(t, str) for t in v)),
        "front-matter.topics",
        _any_enabled("proof"),
    ),
}


@register
class FrontMatterCheck(DocumentCheck):
    """Reports front-matter values postcheck cannot use."""

    name = "front-matter"
    family = "postcheck"

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if not ctx.is_enabled(RULE):
            return
        front = doc.front_matter
        for key in front.unreadable:
            rule = KEYS.get(key)
            yield self._finding(doc, ctx, key, "front-matter.readable", rule is not None and rule.needed(ctx))
        for key, rule in KEYS.items():
            if key in front.data and key not in front.unreadable and front.data[key] is not None and not rule.valid(front.data[key]):
                yield self._finding(doc, ctx, key, rule.allowed, rule.needed(ctx))

    def _finding(self, doc: Document, ctx: CheckContext, key: str, allowed: str, needed: bool) -> Finding:
        front = doc.front_matter
        span = front.value_spans.get(key) or Span(front.position_of(key), Position(front.position_of(key).line, 2))
        finding = ctx.finding(doc, RULE, span, key=key, value=excerpt(doc, span, 60).strip(), allowed=messages.say(allowed, doc.lang))
        if not needed and ctx.config.override_for(RULE).severity is None:
            finding.severity = Severity.WARNING
        return finding

