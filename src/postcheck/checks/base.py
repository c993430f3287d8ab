"""What a check is, and the context it runs in.

A check reads documents and yields findings; it never parses Markdown and never prints. Most
checks look at one document at a time (:class:`DocumentCheck`); a check that must see the whole
run at once (links: each URL is requested once for all posts) implements :meth:`Check.run`.
Checks are registered by name with :func:`register`; the rules they emit name that check in
their YAML metadata (``check: links``), so every rule, data or code, has the same metadata.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Sequence

from postcheck.config import Config
from postcheck.findings import Finding, Severity
from postcheck.model import Document, Position, Span
from postcheck.registry import Registry, Rule

CHECKS: dict[str, type["Check"]] = {}


def register(cls: type["Check"]) -> type["Check"]:
    """Class decorator: make a check available under its ``name``."""
    CHECKS[cls.name] = cls
    return cls


@dataclass
class RunOptions:
    """Command-line choices that change what checks do (not what they report)."""

    offline: bool = False
    #: Extra options for checks that need them (e.g. ``{"no_cache": True}``).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckContext:
    """Everything a check may consult, and the one way to make a finding."""

    config: Config
    registry: Registry
    options: RunOptions
    enabled_rules: set[str]
    #: Document path → families whose check did not run on it (the row shows "skipped").
    skipped: dict[str, set[str]] = field(default_factory=dict)
    #: Document path → family → how many items its check could not check (offline links).
    unchecked: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Files checked beside the posts that are not posts (the proof-point register): a check
    #: adds them in :meth:`Check.prepare`; the links check checks their links, and a side
    #: document with findings gets a report of its own.
    side_documents: list[Document] = field(default_factory=list)
    #: Project data a check loads once per run for the others (by key): the register, the
    #: proof pages whose dates the links check should read.
    shared: dict[str, Any] = field(default_factory=dict)
    #: Document path → name → what a check noted about the post besides findings (the claims
    #: the register substantiates), for the formats to list.
    records: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    #: Files besides the posts and the config that the per-post checks read (the proof-point
    #: register), name → SHA-256 of their content: the results cache keys on them.
    inputs: dict[str, str] = field(default_factory=dict)
    #: Whether a per-post check judges an undated post by today's date (a register entry's
    #: expiry): the results cache then keeps such a post's result for the day only.
    judged_today: bool = False

    def is_enabled(self, rule_id: str) -> bool:
        return rule_id in self.enabled_rules

    def record(self, doc: Document, name: str, item: Any) -> None:
        """Note ``item`` under ``name`` in ``doc``'s report (not a finding: never fails a post)."""
        self.records.setdefault(doc.path, {}).setdefault(name, []).append(item)

    def mark_skipped(self, doc: Document, family: str, unchecked: int = 0) -> None:
        """Record that ``family`` could not be checked for ``doc`` (e.g. links when offline),
        or ``unchecked`` of its items could not (the row says how many)."""
        self.skipped.setdefault(doc.path, set()).add(family)
        if unchecked:
            self.unchecked.setdefault(doc.path, {})[family] = unchecked

    def finding(
        self,
        doc: Document,
        rule_id: str,
        span: Span | Position,
        message: str | None = None,
        fix: str | None = None,
        fixable: bool = False,
        **data: Any,
    ) -> Finding:
        """A finding of ``rule_id`` at ``span``, with the rule's effective severity and its
        message in the post's language. ``message`` replaces the rule's; either may use
        ``{name}`` placeholders filled from ``data``. ``fixable`` says ``postcheck fix`` can
        repair it. A rule whose law changes on a date takes its severity from the post's
        ``date`` (today for a post without one); a config override still wins."""
        rule = self.registry.get(rule_id)
        if isinstance(span, Position):
            span = Span(span, Position(span.line, span.column + 1))
        template = message if message is not None else rule.message_for(doc.lang)
        return Finding(
            rule=rule_id,
            severity=self.config.severity_for(rule_id, rule.severity_on(doc.publication_date)),
            path=doc.path,
            span=span,
            message=_fill(template, data),
            excerpt=excerpt(doc, span),
            fix=_fill(fix if fix is not None else rule.fix_for(doc.lang), data),
            fixable=fixable,
            data=dict(data),
        )


class Check(ABC):
    """Base class of every check. Subclasses set ``name`` and ``family``."""

    name: ClassVar[str]
    family: ClassVar[str]

    def rules(self, registry: Registry) -> list[Rule]:
        """The rules this check emits (those whose metadata names this check)."""
        return registry.for_check(self.name)

    @classmethod
    def details(cls, rule: Rule) -> list[str]:
        """Extra lines ``postcheck explain`` shows for ``rule`` (e.g. tables the check uses)."""
        return []

    def prepare(self, ctx: CheckContext) -> None:
        """Load what this check shares with others before any check runs (whether or not its
        own rules are enabled). It runs outside the per-post isolation: what it raises (a
        :class:`~postcheck.config.ConfigError` for a broken file the config names) stops the
        run with exit code 2, as a bad config does."""

    def arrived(self, doc: Document, ctx: CheckContext) -> None:
        """A post whose per-post checks are done, handed to an enabled whole-run check before
        it runs (in the runner's process, in the order posts arrive): it may start work that
        does not wait for the last post (links: requests). Findings come only from :meth:`run`."""

    @abstractmethod
    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        """Findings for ``docs``; a check that needs the whole run at once overrides this."""


class DocumentCheck(Check):
    """A check that looks at one document at a time."""

    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        for doc in docs:
            yield from self.check_document(doc, ctx)

    @abstractmethod
    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        """Findings for one document."""


def excerpt(doc: Document, span: Span, limit: int = 80) -> str:
    """The source text a span covers (its first line, shortened to ``limit`` characters)."""
    text = doc.line_text(span.start.line)
    end = span.end.column - 1 if span.end.line == span.start.line else len(text)
    piece = text[span.start.column - 1 : max(end, span.start.column)]
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: ``{slot:one|many}``: the form that agrees with the slot's count (a number, or how many
#: items a list holds), for languages where a verb agrees ("îi lipsește" / "îi lipsesc").
_PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}]*)\}")


def _fill(template: str, data: dict[str, Any]) -> str:
    """The template with its slots filled; a list fills a slot as "a, b"."""
    if "{" not in template:
        return template
    template = _PLURAL.sub(lambda m: _agree(data.get(m.group(1)), m.group(2), m.group(3)), template)
    values = {k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in data.items()}
    try:
        return template.format_map(_Blank(values))
    except (ValueError, IndexError, AttributeError):
        return template


def _agree(value: Any, one: str, many: str) -> str:
    count = len(value) if isinstance(value, (list, tuple)) else value
    return one if count == 1 else many


__all__ = ["CHECKS", "Check", "CheckContext", "DocumentCheck", "RunOptions", "Severity", "register"]
