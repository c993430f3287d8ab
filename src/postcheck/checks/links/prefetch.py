"""The links check's work that can start before the last post is parsed.

The check sees every post at once (each URL is requested once for all of them), but it need
not wait for the last one to begin: the runner hands it each post as soon as that post's
per-post checks are done (:meth:`Prefetch.feed`), and the post's remote URLs are looked up in
the cache and, if not there, queued to :class:`~.background.Requests` at once. When the check
runs, it asks :meth:`RemoteOutcomes.collect` for the outcomes of all its URLs: what was not
fed (side documents, a run without the runner) is looked up and requested then, and the
findings are made from the outcomes exactly as before, in the posts' order. Only the moment a
request leaves changes; what is requested, and what is reported, does not.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Mapping, Sequence

from postcheck.checks.base import CheckContext
from postcheck.checks.links import trust
from postcheck.checks.links.anchors import NOT_AN_ID
from postcheck.checks.links.background import Requests
from postcheck.checks.links.cache import FILE_NAME, LinkCache
from postcheck.checks.links.classify import REDIRECT, UNVERIFIABLE, cacheable, judge
from postcheck.checks.links.guard import is_private_literal
from postcheck.checks.links.outcome import Outcome, domain_settings
from postcheck.checks.links.settings import LinksSettings, compile_exclude
from postcheck.checks.links.targets import Kind, Target, targets_of
from postcheck.checks.pagedates import PageDates
from postcheck.checks.pagedates import wanted as wanted_dates
from postcheck.model import Document

if TYPE_CHECKING:
    from postcheck.checks.links.schedule import Key

#: Where :meth:`LinksCheck.prepare` leaves the run's :class:`Prefetch` for the check to take.
KEY = "links/prefetch"
#: ``RunOptions.extra`` key: neither read nor write the links cache.
NO_CACHE = "no_cache"

#: Opens a progress display of N steps; the function it yields advances it by one.
Progress = Callable[[int], ContextManager[Callable[[], None]]]


@dataclass(frozen=True)
class Unrequested:
    """Why a remote link is not requested: a finding's rule and data (rule None: skipped
    without a word, as ``domains.<host>.skip`` asks)."""

    rule: str | None
    data: dict[str, Any]


def unrequested(target: Target, settings: LinksSettings) -> Unrequested | None:
    """None when the remote ``target`` is to be requested."""
    for old, new in settings.moved.items():
        if target.resource.startswith(old):
            return Unrequested(REDIRECT, {"new_url": new + target.link.url.strip()[len(old) :], "reason": "a known move (links.moved)"})
    domain = domain_settings(target.resource, settings.domains)
    if domain is not None and domain.skip:
        return Unrequested(None, {})
    host = target.host
    if not settings.allow_private and is_private_literal(host):
        reason = f"not requested: {host} is a private or loopback address (links.allow_private, from a trusted config, allows it)"
        return Unrequested(UNVERIFIABLE, {"reason": reason})
    return None


def accepted(url: str, settings: LinksSettings) -> set[int]:
    """Statuses the host's ``domains:`` entry counts as working."""
    domain = domain_settings(url, settings.domains)
    return set(domain.accept) if domain else set()


class RemoteOutcomes:
    """The outcome of each remote URL of one run: from the cache, else requested once. URLs
    may be wanted in several steps; :meth:`collect` is the last."""

    def __init__(self, ctx: CheckContext, settings: LinksSettings) -> None:
        self.settings = settings
        self.offline = ctx.options.offline
        #: Pages whose modification dates another check asked for (proof pages).
        self.dates: PageDates | None = wanted_dates(ctx)
        opener = functools.partial(LinkCache, ctx.config.resolve(settings.cache_dir), settings.cache_max_age, settings.cache_errors_max_age)
        empty = nothing_cached(ctx, settings)
        #: The cache to read (none when there is nothing to read: no lookups on a cold run).
        self.cache: LinkCache | None = None if empty else opener()
        #: A cache this run creates, opened only once the requests are under way: creating it
        #: (a file, its schema, a sync to disk or two) must not hold up the first request.
        #: Offline reads a cache, never starts one: no files appear in the repo.
        self.start_cache = opener if empty and keeps_cache(ctx, settings) and not self.offline else None
        self.known: dict[Key, Outcome] = {}
        self.asked: set[Key] = set()
        self.requests = None if self.offline else Requests(settings)

    def dated(self, url: str) -> bool:
        """Whether another check wants this page's date (its body is read: it may hold it)."""
        return self.dates is not None and self.dates.wants(url)

    def want(self, wanted: Mapping[str, bool]) -> None:
        """Look up and (online) start requesting ``wanted`` (URL → whether its anchors are
        needed). Online, a dated page is always requested: the cache keeps no dates."""
        new = {url: anchors for url, anchors in wanted.items() if (url, anchors) not in self.asked and (url, True) not in self.asked}
        if not new:
            return
        lookup = new if self.offline else {url: anchors for url, anchors in new.items() if not self.dated(url)}
        found = self.cache.get_many(lookup) if self.cache else {}
        self.asked.update(new.items())
        self.known.update({(url, new[url]): outcome for url, outcome in found.items()})
        if self.requests is not None:
            self.requests.add(key for key in new.items() if key not in self.known)

    def collect(self, wanted: Mapping[str, bool], progress: Progress) -> dict[str, Outcome]:
        """The outcome of each URL of ``wanted`` the cache knows or (online) a request gave;
        what may be remembered is cached. Offline, a URL the cache lacks is absent."""
        try:
            self.want(wanted)
            if self.start_cache is not None:
                self.cache = self.start_cache()
            fetched = self._fetched(progress)
            outcomes = {}
            for key in wanted.items():
                outcome = self.known.get(key) or fetched.get(key)
                if outcome is not None:
                    outcomes[key[0]] = outcome
            if self.cache:
                final = (fetched[key] for key in wanted.items() if key in fetched)
                self.cache.put_many(o for o in final if cacheable(o, judge(o, accepted(o.url, self.settings))))
            return outcomes
        finally:
            self.close()

    def _fetched(self, progress: Progress) -> dict[Key, Outcome]:
        if self.requests is None or not self.requests.asked:
            return {}
        with progress(self.requests.asked) as advance:
            return self.requests.results(advance)

    def close(self) -> None:
        """Stop what is still running (a run that crashed), and let the cache go."""
        if self.requests is not None:
            self.requests.abandon()
        if self.cache:
            self.cache.close()


def keeps_cache(ctx: CheckContext, settings: LinksSettings) -> bool:
    """Whether the run keeps a links cache at all (``links.cache``, and no ``--no-cache``)."""
    return settings.cache and not bool(ctx.options.extra.get(NO_CACHE))


def nothing_cached(ctx: CheckContext, settings: LinksSettings) -> bool:
    """Whether no link can be answered from the cache (none kept, or none written yet)."""
    return not keeps_cache(ctx, settings) or not (ctx.config.resolve(settings.cache_dir) / FILE_NAME).is_file()


class Prefetch:
    """One run's targets and outcomes, started post by post as the runner hands posts over.
    Made in the check's ``prepare``; what it needs from the other checks (the pages whose
    dates they want) is read on the first post, after every check has prepared."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self._targets: dict[str, tuple[Document, list[Target]]] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        """A spawned worker process gets the context but never this: it is fed, and used, in
        the runner's process (its thread and cache cannot travel)."""
        return (_nothing, ())

    @functools.cached_property
    def settings(self) -> LinksSettings:
        """The effective settings (what a config inside the checked tree may not widen)."""
        config = self.ctx.config
        return trust.effective(config.section("links"), config.trusted, os.environ, str(config.path or "the config"), config.root)

    @functools.cached_property
    def excludes(self) -> list[Any]:
        """``links.exclude``, compiled."""
        return [compile_exclude(pattern) for pattern in self.settings.exclude]

    @functools.cached_property
    def outcomes(self) -> RemoteOutcomes:
        return RemoteOutcomes(self.ctx, self.settings)

    def get_ready(self) -> None:
        """Before any post: with no cache to answer, every remote link will be requested, so
        load the HTTP client now, while this process has no other thread and no worker has
        been forked (loaded later, it would compete with the workers for the cores). What
        fails here is left for the check, which reports it when it runs."""
        try:
            if nothing_cached(self.ctx, self.settings):
                import postcheck.checks.links.remote  # noqa: F401 - the HTTP client, for the first request
        except Exception:  # noqa: BLE001 - reported by the check on each post, as before
            pass

    def close(self) -> None:
        """Stop what is still running and let the cache go (when anything was started)."""
        if "outcomes" in self.__dict__:
            self.outcomes.close()

    def feed(self, doc: Document) -> None:
        """Start on one post: its links sorted, its remote URLs looked up and requested. A
        post that fails here is left for the check, which reports what fails when it runs."""
        if not doc.readable:
            return
        try:
            targets = self.targets_of(doc)
            self.outcomes.want(self.wanted([t for t in targets if t.kind is Kind.REMOTE and unrequested(t, self.settings) is None]))
        except Exception:  # noqa: BLE001 - the check meets the same error on this post and reports it
            self._targets.pop(doc.path, None)

    def targets_of(self, doc: Document) -> list[Target]:
        """``doc``'s targets (sorted once, when it was fed)."""
        known = self._targets.get(doc.path)
        if known is not None and known[0] is doc:
            return known[1]
        targets = targets_of(doc, self.excludes)
        self._targets[doc.path] = (doc, targets)
        return targets

    def wanted(self, targets: Sequence[Target]) -> dict[str, bool]:
        """URL → whether its anchors are needed, for remote ``targets`` to request."""
        wanted: dict[str, bool] = {}
        for target in targets:
            needs = bool(target.fragment) and self.settings.remote_fragments and not NOT_AN_ID.match(target.fragment)
            wanted[target.resource] = wanted.get(target.resource, False) or needs or self.outcomes.dated(target.resource)
        return wanted


def _nothing() -> None:
    return None
