"""Relative links to files in the repository, and the anchors of those files.

A relative link resolves against the post's folder; a root-relative one (``/about``) through
the site's layout (:mod:`.sites`: ``links.site_root``, ``links.site``) when one is set (a
site's routes are not files otherwise). Static site
generators drop extensions and add trailing slashes, so ``../launch/`` is found as
``../launch.md``, ``../launch/index.md`` or ``../launch/README.md`` too, and a route is also
tried from the post's own URL folder (``post.md`` is served at ``post/``). A linked Markdown
file is parsed with postcheck's own parser (once, and not at all when it is one of the posts
being checked); an HTML file's anchors are read from its ``id``/``name`` attributes.
"""

from __future__ import annotations

import os
from pathlib import Path

from postcheck.checks.links.anchors import document_anchors, html_anchors
from postcheck.checks.links.sites import DEFAULT_INDEX, SiteLayout, site_layout
from postcheck.config import Config
from postcheck.model import Document
from postcheck.parse import parse_file

MARKDOWN = {".md", ".markdown", ".mdx"}
HTML = {".html", ".htm"}


class LocalFiles:
    """Resolves local links and answers which anchors a local file has (memoised)."""

    def __init__(self, docs: list[Document], site: SiteLayout | None) -> None:
        self.site = site
        self._docs = {doc.abspath.resolve(): doc for doc in docs}
        self._anchors: dict[Path, frozenset[str] | None] = {}

    def resolve(self, doc: Document, path: str) -> Path | None:
        """The file ``path`` (as linked from ``doc``) names, or None when there is none
        (call :meth:`checkable` first: a root-relative path needs a site layout)."""
        if path.startswith("/"):
            return self._route(path)
        bases = [doc.abspath.parent / path]
        if _is_route(path):
            # Hugo and Jekyll serve post.md at post/, so a route is relative to that too.
            bases.append(doc.abspath.with_suffix("") / path)
        for base in bases:
            # Lexically, as a browser does: "post/../x" must not need a folder "post" on disk.
            for candidate in _candidates(Path(os.path.normpath(base)), path.endswith("/")):
                if candidate.exists():
                    return candidate
        return None

    def _route(self, route: str) -> Path | None:
        if self.site is None:
            return None
        normal = os.path.normpath("/" + route.lstrip("/")) + ("/" if route.endswith("/") else "")
        found = next((candidate for candidate in self.site.candidates(normal) if candidate.exists()), None)
        return found or self.site.dynamic(normal)

    def checkable(self, path: str) -> bool:
        """Whether a link to ``path`` can be checked at all."""
        return not path.startswith("/") or self.site is not None

    def anchors(self, path: Path) -> frozenset[str] | None:
        """The anchors of a local page, or None when its kind has none postcheck can read."""
        path = path.resolve()
        if path not in self._anchors:
            self._anchors[path] = self._read_anchors(path)
        return self._anchors[path]

    def _read_anchors(self, path: Path) -> frozenset[str] | None:
        suffix = path.suffix.lower()
        if suffix in MARKDOWN and path.is_file():
            doc = self._docs.get(path) or parse_file(path)
            return document_anchors(doc) if doc.readable else None
        if suffix in HTML and path.is_file():
            try:
                return html_anchors(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                return None
        return None


def _is_route(path: str) -> bool:
    """A site route (``../launch/``, ``../launch``) rather than a file (``img/chart.png``)."""
    return path.endswith("/") or "." not in path.rstrip("/").rsplit("/", 1)[-1]


def _candidates(base: Path, is_folder: bool) -> list[Path]:
    stem = Path(str(base).rstrip("/")) if is_folder else base
    found = [] if is_folder else [base]
    if stem.name:
        found += [stem.with_name(stem.name + ext) for ext in (".md", ".mdx", ".html")]
    found += [stem / name for name in DEFAULT_INDEX]
    if is_folder:
        found.append(stem)
    return found


def local_files(config: Config, docs: list[Document]) -> LocalFiles:
    """Local links resolved as the links check resolves them (``links.site_root``,
    ``links.site``); the proof check finds proof pages in the repository with it too."""
    settings = config.section("links")
    return LocalFiles(docs, site_layout(config.root, settings.site_root, settings.site))
