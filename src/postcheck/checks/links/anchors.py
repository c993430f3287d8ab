"""Which ``#fragments`` a page answers to.

A Markdown post answers to its heading slugs (GitHub's, duplicates suffixed ``-1``), explicit
``{#id}`` and ``<a id>``/``<a name>`` (all from the document model). An HTML page answers to
every ``id`` and ``<a name>``; GitHub renders README anchors as ``user-content-<slug>``, so that
prefix is accepted too.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from postcheck.model import Document

#: Fragments that are not element ids: text fragments, app routes and tab states (``#/home``,
#: ``#tab/b2c``), GitHub line ranges (added by scripts), PDF open parameters. They are never
#: reported missing.
NOT_AN_ID = re.compile(r"^(?::~:|[!]|.*/|L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$|page=|search=|t=\d)")
GITHUB_PREFIX = "user-content-"
_NOT_WORD = re.compile(r"[^\w-]+")
_DASHES = re.compile(r"-{2,}")


def document_anchors(doc: Document) -> frozenset[str]:
    return frozenset({heading.slug for heading in doc.headings} | doc.anchors)


def has_anchor(anchors: frozenset[str], fragment: str) -> bool:
    """Whether ``fragment`` names an element of a page with ``anchors``.

    Exact first; then loosely, because site generators slug headings differently from GitHub
    (``## 🛠 Setup`` is ``-setup`` on GitHub, ``setup`` elsewhere; ``--workspace`` keeps or
    collapses its dashes; VitePress prefixes ``_`` to a leading digit): a near miss in case,
    emoji or dashes is not worth a false alarm.
    """
    if not fragment or fragment == "top" or NOT_AN_ID.match(fragment):
        return True
    if fragment in anchors or GITHUB_PREFIX + fragment in anchors:
        return True
    return _loose(fragment) in _loose_index(anchors)


@functools.lru_cache(maxsize=64)
def _loose_index(anchors: frozenset[str]) -> frozenset[str]:
    """Every anchor of a page in its loose form, built once per page (a post with thousands
    of headings and links to them stays linear, not headings × links)."""
    return frozenset(_loose(anchor.removeprefix(GITHUB_PREFIX)) for anchor in anchors)


def _loose(anchor: str) -> str:
    return _DASHES.sub("-", _NOT_WORD.sub("", anchor.lower())).strip("-_")


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.anchors.add(value)

    handle_startendtag = handle_starttag


def html_anchors(html: str) -> frozenset[str]:
    """Every ``id`` and ``<a name>`` in an HTML page."""
    parser = _AnchorParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass  # keep what was found before the malformed part
    return frozenset(parser.anchors)
