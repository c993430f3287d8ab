"""The ``links`` check: every link of every post, each remote URL requested once per run.

It sees all posts at once: targets are collected from every document, local files and anchors
are looked up on disk, and the distinct remote URLs (fragment removed) go to the cache and then
to the :class:`~postcheck.checks.links.remote.Fetcher`. With ``--offline`` nothing is requested:
remote links the cache knows are judged from it, and a post with others gets a ``skipped`` row
that says how many were not checked; local links are still checked.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any, Callable, ContextManager, Iterable, Iterator, Sequence

from postcheck.checks.base import Check, CheckContext, register
from postcheck.checks.links import trust
from postcheck.checks.links.anchors import NOT_AN_ID, document_anchors, has_anchor
from postcheck.checks.links.cache import FILE_NAME, LinkCache
from postcheck.checks.links.classify import (
    BROKEN, MISSING_ANCHOR, MISSING_FILE, REDIRECT, UNVERIFIABLE, cacheable, judge,
)
from postcheck.checks.links.guard import is_private_literal
from postcheck.checks.links.local import LocalFiles, local_files
from postcheck.checks.links.outcome import Outcome, domain_settings
from postcheck.checks.links.settings import LinksSettings, compile_exclude
from postcheck.checks.links.targets import Kind, Target, targets_of
from postcheck.checks.pagedates import wanted as wanted_dates
from postcheck.findings import Finding
from postcheck.model import Document

#: Below this many URLs to request, a progress bar is more noise than help.
PROGRESS_MIN = 30
#: ``RunOptions.extra`` keys this check reads.
NO_CACHE = "no_cache"
PROGRESS = "progress"

Progress = Callable[[int], ContextManager[Callable[[], None]]]


@register
class LinksCheck(Check):
    name = "links"
    family = "links"

    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        config = ctx.config
        settings = trust.effective(config.section("links"), config.trusted, os.environ, str(config.path or "the config"), config.root)
        excludes = [compile_exclude(pattern) for pattern in settings.exclude]
        # Side documents (the proof-point register) have links too: their evidence URLs.
        targets = [target for doc in [*docs, *ctx.side_documents] for target in targets_of(doc, excludes)]
        run = _Run(ctx, settings, local_files(config, list(docs)))
        remote = [target for target in targets if not run.static(target)]
        if remote:
            run.remote(remote)
        return run.findings.values()


class _Run:
    """The state of one run of the check: settings, lookups and findings (deduplicated:
    several reference links share one definition, which is where the finding points)."""

    def __init__(self, ctx: CheckContext, settings: LinksSettings, files: LocalFiles) -> None:
        self.ctx = ctx
        self.settings = settings
        self.files = files
        self.findings: dict[tuple[str, str, Any], Finding] = {}
        self._anchors: dict[str, frozenset[str]] = {}
        #: Pages whose modification dates another check asked for (proof pages).
        self.dates = wanted_dates(ctx)

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
        for old, new in self.settings.moved.items():
            if target.resource.startswith(old):
                self.report(target, REDIRECT, new_url=new + target.link.url.strip()[len(old) :], reason="a known move (links.moved)")
                return True
        domain = domain_settings(target.resource, self.settings.domains)
        if domain is not None and domain.skip:
            return True
        host = target.host
        if not self.settings.allow_private and is_private_literal(host):
            reason = f"not requested: {host} is a private or loopback address (links.allow_private, from a trusted config, allows it)"
            self.report(target, UNVERIFIABLE, reason=reason)
            return True
        return False

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
        wanted: dict[str, bool] = {}
        for target in targets:
            needs = bool(target.fragment) and self.settings.remote_fragments and not NOT_AN_ID.match(target.fragment)
            wanted[target.resource] = wanted.get(target.resource, False) or needs or self._dated(target.resource)
        outcomes = self._outcomes(wanted)
        for url, outcome in outcomes.items():
            if self.dates is not None and self._dated(url):
                self.dates.record(url, outcome.modified)
        unchecked: dict[str, tuple[Document, int]] = {}
        for target in targets:
            outcome = outcomes.get(target.resource)
            if outcome is None:  # offline, and not in the cache
                doc, count = unchecked.get(target.doc.path, (target.doc, 0))
                unchecked[target.doc.path] = (doc, count + 1)
            else:
                self._judge(target, outcome)
        for doc, count in unchecked.values():
            self.ctx.mark_skipped(doc, "links", unchecked=count)

    def _outcomes(self, wanted: dict[str, bool]) -> dict[str, Outcome]:
        """Cached outcomes, then (online) one request per remaining URL; what may be
        remembered is cached."""
        offline = self.ctx.options.offline
        cache = self._cache()
        try:
            # Online, a page whose date another check wants is requested: the cache keeps no
            # dates (offline, the cache still answers whether the page works).
            cached = wanted if offline else {url: anchors for url, anchors in wanted.items() if not self._dated(url)}
            outcomes = cache.get_many(cached) if cache else {}
            if offline:
                return outcomes
            fetched = self._fetch({url: anchors for url, anchors in wanted.items() if url not in outcomes})
            outcomes.update(fetched)
            if cache:
                cache.put_many(o for o in fetched.values() if cacheable(o, judge(o, self._accept(o.url))))
        finally:
            if cache:
                cache.close()
        return outcomes

    def _cache(self) -> LinkCache | None:
        if not self.settings.cache or self.ctx.options.extra.get(NO_CACHE):
            return None
        folder = self.ctx.config.resolve(self.settings.cache_dir)
        if self.ctx.options.offline and not (folder / FILE_NAME).is_file():
            return None  # offline reads a cache, never starts one: no files appear in the repo
        return LinkCache(folder, self.settings.cache_max_age, self.settings.cache_errors_max_age)

    def _fetch(self, wanted: dict[str, bool]) -> dict[str, Outcome]:
        if not wanted:
            return {}
        progress: Progress | None = self.ctx.options.extra.get(PROGRESS)
        bar = progress(len(wanted)) if progress and len(wanted) >= PROGRESS_MIN else _no_progress()
        with bar as advance:
            from postcheck.checks.links.remote import Fetcher  # aiohttp only when fetching

            return Fetcher(self.settings, on_done=advance).fetch_all(wanted)

    def _dated(self, url: str) -> bool:
        """Whether another check wants this page's date (its body is read: it may hold it)."""
        return self.dates is not None and self.dates.wants(url)

    def _accept(self, url: str) -> set[int]:
        domain = domain_settings(url, self.settings.domains)
        return set(domain.accept) if domain else set()

    def _judge(self, target: Target, outcome: Outcome) -> None:
        judgement = judge(outcome, self._accept(target.resource))
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
