"""Proof pages kept fresh: a post that links a proof page last updated more than
``proof.max_age_days`` ago (92 by default: "update it every quarter") gets
``proof/stale-proof-page``.

A page in the repository (a path in ``proof.pages``, or a URL page a root-relative link reaches
through ``links.site_root``) is as old as its front matter ``updated`` (else ``date``); an HTML
file, as its ``article:modified_time`` / ``dateModified``. A remote page is as old as the links
check found it when it fetched the page in this run (see :mod:`postcheck.checks.pagedates`):
offline, or without the links check, a remote page's age is unknown and nothing is reported.
A page whose date is unknown is never called stale. The age is counted to today: a stale page
is stale for every post that links it, old or new.

This check runs after the links check (the ``proof`` package is imported after ``links``, and
checks run in the order they register).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from postcheck.checks.base import Check, CheckContext, register
from postcheck.checks.pagedates import PageDates, ask, declared_modified, wanted
from postcheck.checks.proof.pages import ProofPages, Reach, configured
from postcheck.checks.proof.settings import ProofSettings
from postcheck.findings import Finding
from postcheck.incidents.ledger import parse_date
from postcheck.model import Document
from postcheck.parse import parse_file

RULE = "proof/stale-proof-page"
HTML = (".html", ".htm")


@register
class FreshnessCheck(Check):
    """Reports links to proof pages that were not updated within ``proof.max_age_days``."""

    name = "proof-freshness"
    family = "proof"

    def __init__(self) -> None:
        self._file_dates: dict[Path, date | None] = {}

    def prepare(self, ctx: CheckContext) -> None:
        """Check the repository pages exist; ask the links check for the remote pages' dates."""
        pages = configured(ctx.config)
        finder = ProofPages(ctx.config)
        finder.check(pages)
        if ctx.is_enabled(RULE):
            ask(ctx, [page for page in pages if finder.page(page).is_remote])

    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        settings: ProofSettings = ctx.config.section("proof")
        pages = configured(ctx.config)
        if not pages:
            return
        finder, dates, today = ProofPages(ctx.config), wanted(ctx), date.today()
        for doc in docs:
            for reach in finder.reaches(doc, pages):
                updated = self._updated(reach, dates)
                if updated is not None and (today - updated).days > settings.max_age_days:
                    span = reach.link.url_span or reach.link.span
                    yield ctx.finding(doc, RULE, span, page=reach.page.written, updated=updated.isoformat(),
                                      age=(today - updated).days, max_age=settings.max_age_days, url=reach.url)

    def _updated(self, reach: Reach, dates: PageDates | None) -> date | None:
        """When the page a link reaches was last updated (None: unknown)."""
        if reach.file is not None:
            return self._file_date(reach.file)
        return dates.date_of(reach.url) if dates is not None else None

    def _file_date(self, path: Path) -> date | None:
        """A repository page's own date, read once per run."""
        if path not in self._file_dates:
            self._file_dates[path] = _read_file_date(path)
        return self._file_dates[path]


def _read_file_date(path: Path) -> date | None:
    """Front matter ``updated`` (else ``date``) of a Markdown page; the declared modification
    of an HTML page."""
    if path.suffix.lower() in HTML:
        try:
            return declared_modified(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return None
    page = parse_file(path)
    front = page.front_matter
    return parse_date(front.get("updated")) or parse_date(front.get("date"))
