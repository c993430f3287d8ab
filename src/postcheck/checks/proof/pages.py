"""The configured proof pages, and which of them a post links.

An entry of ``proof.pages`` (or of ``proof.topics``) is one of:

- a URL (``https://acme.example/trust``): a post reaches it with a link to it in any form
  (compared in normal form: scheme, ``www.``, trailing slash, query string and fragment do not
  matter) or with a root-relative link to its path (``/trust``);
- a site route (``/trust``): reached by the same root-relative link or a URL with that path;
- a file in the repository, relative to the config (``site/trust.md``): reached by a relative
  link, or a root-relative one through ``links.site_root``, that leads to that file (with the
  links check's resolution: ``../trust/`` finds ``../trust.md``).

A page reached through a link that leads to a file in the repository is that file (a URL page
too, when a root-relative link and ``links.site_root`` lead to it): its age is its own front
matter's. A page reached by a URL is remote: its age is what the links check learns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from postcheck.checks.links.local import local_files
from postcheck.checks.links.targets import Kind, targets_of
from postcheck.config import Config, ConfigError
from postcheck.model import Document, Link
from postcheck.urls import normalise, path_of

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Page:
    """A configured proof page: ``normal`` for a URL or route, ``file`` for a repository file."""

    written: str
    normal: str | None = None
    file: Path | None = None

    @property
    def is_remote(self) -> bool:
        return self.normal is not None and not self.normal.startswith("/")


@dataclass(frozen=True)
class Reach:
    """The first link of a post that reaches a page, and where it leads: a file in the
    repository, or (``file`` None) the remote URL itself."""

    page: Page
    link: Link
    file: Path | None
    url: str


def configured(config: Config) -> list[str]:
    """Every proof page the config names (``pages`` and every topic's), each once."""
    settings = config.section("proof")
    return list(dict.fromkeys([*settings.pages, *(page for pages in settings.topics.values() for page in pages)]))


def is_repository_path(written: str) -> bool:
    """A page written as a path in the repository (not a URL, not a ``/route``)."""
    text = written.strip()
    return bool(text) and not text.startswith("/") and not SCHEME.match(text)


class ProofPages:
    """Resolves the configured pages of one run and finds the links that reach them."""

    def __init__(self, config: Config) -> None:
        self.root = config.root.resolve()
        self.files = local_files(config, [])
        self.where = str(config.path) if config.path else "config"
        self._pages: dict[str, Page] = {}

    def page(self, written: str) -> Page:
        if written not in self._pages:
            text = written.strip()
            if is_repository_path(text):
                self._pages[written] = Page(written, file=(self.root / text).resolve())
            else:
                self._pages[written] = Page(written, normal=normalise(text))
        return self._pages[written]

    def check(self, written: list[str]) -> None:
        """Repository pages must be files inside the project (a configuration error if not)."""
        for entry in written:
            page = self.page(entry)
            if page.file is None:
                continue
            if self.root not in page.file.parents:
                raise ConfigError(f"{self.where}: proof.pages: {entry!r} must be a path inside the project ({self.root})")
            if not page.file.is_file():
                raise ConfigError(f"{self.where}: proof.pages: {entry!r} is not a file in the repository (paths are relative to the config's folder)")

    def reaches(self, doc: Document, written: list[str]) -> list[Reach]:
        """For each of the pages ``written`` that ``doc`` links, the first link to it."""
        pages = [self.page(entry) for entry in written]
        found: dict[Page, Reach] = {}
        for target in targets_of(doc, []):
            if target.kind not in (Kind.REMOTE, Kind.LOCAL):
                continue
            url = target.link.url.strip()
            normal = normalise(url)
            local = self._file(doc, target.resource) if target.kind is Kind.LOCAL else None
            for page in pages:
                if page in found:
                    continue
                if page.file is not None and local is not None and local == page.file:
                    found[page] = Reach(page, target.link, local, url)
                elif page.normal is not None and (normal == page.normal or (normal.startswith("/") and normal == path_of(page.normal))):
                    found[page] = Reach(page, target.link, local, url)
        return list(found.values())

    def _file(self, doc: Document, path: str) -> Path | None:
        """The repository file a local link leads to (a root-relative one through
        ``links.site_root``), or None."""
        if not self.files.checkable(path):
            return None
        found = self.files.resolve(doc, path)
        return found.resolve() if found is not None and found.is_file() else None
