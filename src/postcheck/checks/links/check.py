"""The ``links`` check: every link of every post, each remote URL requested once per run.

It sees all posts at once: targets are collected from every document, local files and anchors
are looked up on disk, and the distinct remote URLs (fragment removed) go to the cache and then
to the :class:`~postcheck.checks.links.remote.Fetcher`. Online, that starts with the first post
the runner hands over (:mod:`.prefetch`): requests run while the other posts are parsed, and
the findings are made once all are in. With ``--offline`` nothing is requested:
remote links the cache knows are judged from it, and a post with others gets a ``skipped`` row
that says how many were not checked; local links are still checked.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Callable, Iterable, Iterator, Sequence

from postcheck.checks.base import Check, CheckContext, register
from postcheck.checks.links.anchors import document_anchors, has_anchor
from postcheck.checks.links.classify import (
    BROKEN, MISSING_ANCHOR, MISSING_FILE, REDIRECT, UNVERIFIABLE, judge,
)
from postcheck.checks.links.local import LocalFiles, local_files
from postcheck.checks.links.outcome import Outcome
from postcheck.checks.links.prefetch import KEY, Prefetch, Progress, accepted, unrequested
from postcheck.checks.links.settings import LinksSettings
from postcheck.checks.links.targets import Kind, Target
from postcheck.findings import Finding
from postcheck.model import Document

#: Below this many URLs to request, a progress bar is more noise than help.
PROGRESS_MIN = 30
#: ``RunOptions.extra`` key of the CLI's progress bar (``no_cache``: see :mod:`.prefetch`).
PROGRESS = "progress"


@register
class LinksCheck(Check):
    name = "links"
    family = "links"

    def prepare(self, ctx: CheckContext) -> None:
        """Online, get ready to start on each post as soon as the runner has it (see
        :mod:`.prefetch`): the first requests leave while later posts are still parsed."""
        if not ctx.options.offline and any(ctx.is_enabled(rule.id) for rule in self.rules(ctx.registry)):
            prefetch = ctx.shared[KEY] = Prefetch(ctx)
            prefetch.get_ready()

    def arrived(self, doc: Document, ctx: CheckContext) -> None:
        prefetch = ctx.shared.get(KEY)
        if isinstance(prefetch, Prefetch):
            prefetch.feed(doc)

    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        prefetch = ctx.shared.pop(KEY, None)
        if not isinstance(prefetch, Prefetch) or prefetch.ctx is not ctx:
            prefetch = Prefetch(ctx)  # a run the runner did not feed (one post, a test)
        try:
            # Side documents (the proof-point register) have links too: their evidence URLs.
            targets = [target for doc in [*docs, *ctx.side_documents] for target in prefetch.targets_of(doc)]
            run = _Run(ctx, prefetch, local_files(ctx.config, list(docs)))
            remote = [target for target in targets if not run.static(target)]
            if remote:
                run.remote(remote)
            return run.findings.values()
        finally:
            prefetch.close()


class _Run:
    """The state of one run of the check: settings, lookups and findings (deduplicated:
    several reference links share one definition, which is where the finding points)."""

    def __init__(self, ctx: CheckContext, prefetch: Prefetch, files: LocalFiles) -> None:
        self.ctx = ctx
        self.prefetch = prefetch
        self.settings: LinksSettings = prefetch.settings
        self.files = files
        self.findings: dict[tuple[str, str, Any], Finding] = {}
        self._anchors: dict[str, frozenset[str]] = {}

    def report(self, target: Target, rule: str, **data: Any) -> None:
        key = (target.doc.path, rule, target.span)
        if key not in self.findings:
            self.findings[key] = self.ctx.finding(target.doc, rule, target.span, url=target.link.url.strip(), **data)

    # -- what needs no request -------------------------------------------------------------------

    def static(self, target: Target) -> bool:
        """Check what can be checked without the network; False for a URL to request."""
        kind = target.kind
        if kind is Kind.MALFORMED:
            self.report(target, BROKEN, reason=target.reason)
        elif kind is Kind.UNSUPPORTED:
            self.report(target, UNVERIFIABLE, reason=target.reason)
        elif kind is Kind.SAME_PAGE:
            self._fragment(target, self._own_anchors(target.doc), target.doc.path)  # words in no language
        elif kind is Kind.LOCAL:
            self._local(target)
        elif kind is Kind.REMOTE:
            return self._remote_static(target)
        return True

    def _own_anchors(self, doc: Document) -> frozenset[str]:
        """A post's anchors, gathered once (a post links to its own headings many times)."""
        if doc.path not in self._anchors:
            self._anchors[doc.path] = document_anchors(doc)
        return self._anchors[doc.path]

    def _remote_static(self, target: Target) -> bool:
        why = unrequested(target, self.settings)
        if why is None:
            return False
        if why.rule is not None:
            self.report(target, why.rule, **why.data)
        return True

    def _local(self, target: Target) -> None:
        if not self.files.checkable(target.resource):
            return
        found = self.files.resolve(target.doc, target.resource)
        if found is None:
            self.report(target, MISSING_FILE, path=target.resource)
            return
        if target.fragment:
            anchors = self.files.anchors(found)
            if anchors is not None:
                self._fragment(target, anchors, target.resource)

    def _fragment(self, target: Target, anchors: frozenset[str], page: str) -> None:
        if not has_anchor(anchors, target.fragment):
            self.report(target, MISSING_ANCHOR, fragment=target.fragment, page=page)

    # -- remote ----------------------------------------------------------------------------------

    def remote(self, targets: list[Target]) -> None:
        outcomes = self.prefetch.outcomes
        found = outcomes.collect(self.prefetch.wanted(targets), self._progress())
        for url, outcome in found.items():
            if outcomes.dates is not None and outcomes.dated(url):
                outcomes.dates.record(url, outcome.modified)
        unchecked: dict[str, tuple[Document, int]] = {}
        for target in targets:
            outcome = found.get(target.resource)
            if outcome is None:  # offline, and not in the cache
                doc, count = unchecked.get(target.doc.path, (target.doc, 0))
                unchecked[target.doc.path] = (doc, count + 1)
            else:
                self._judge(target, outcome)
        for doc, count in unchecked.values():
            self.ctx.mark_skipped(doc, "links", unchecked=count)

    def _progress(self) -> Progress:
        """The CLI's progress bar for many requests, else none."""
        bar: Progress | None = self.ctx.options.extra.get(PROGRESS)

        def progress(total: int) -> contextlib.AbstractContextManager[Callable[[], None]]:
            return bar(total) if bar and total >= PROGRESS_MIN else _no_progress()

        return progress

    def _judge(self, target: Target, outcome: Outcome) -> None:
        judgement = judge(outcome, accepted(target.resource, self.settings))
        if judgement.rule is not None:
            self.report(target, judgement.rule, reason=judgement.reason + _cached(outcome))
            return
        if outcome.moved_to:
            new_url = outcome.moved_to + (f"#{target.link.url.split('#', 1)[1]}" if target.fragment else "")
            self.report(target, REDIRECT, new_url=new_url, reason="the server answered a permanent redirect")
        if target.fragment and outcome.anchors is not None:
            self._fragment(target, outcome.anchors, outcome.final_url or target.resource)


def _cached(outcome: Outcome) -> str:
    """How old a remembered failure is, so a reader knows to use ``--no-cache`` after a fix."""
    if outcome.cached_at is None:
        return ""
    minutes = max(0, round((time.time() - outcome.cached_at) / 60))
    return f" (remembered from {minutes} min ago; --no-cache checks again)"


@contextlib.contextmanager
def _no_progress() -> Iterator[Callable[[], None]]:
    yield lambda: None
