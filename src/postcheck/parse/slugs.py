"""Heading anchors as GitHub renders them (github-slugger's algorithm)."""

from __future__ import annotations

import re

# Everything but letters, marks, numbers, connector punctuation, spaces and hyphens goes.
_STRIP = re.compile(r"[^\w\- ]", re.UNICODE)


def github_slug(text: str) -> str:
    """``"Why 42% of teams fail?"`` → ``"why-42-of-teams-fail"``."""
    return _STRIP.sub("", text.strip().lower()).replace(" ", "-")


class SlugMaker:
    """Gives repeated headings GitHub's ``-1``, ``-2`` suffixes, in document order."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = github_slug(text)
        slug = base
        while slug in self._seen:
            self._seen[base] += 1
            slug = f"{base}-{self._seen[base]}"
        self._seen[slug] = 0
        return slug
