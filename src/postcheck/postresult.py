"""What checking one post leaves for the rest of the run.

The per-post checks (everything but links) need a post's prose; what runs after them (the
links check, suppressions, the verdict, the formatters) does not. :class:`PostResult` is the
hand-over: the post's findings so far, and the document without its prose blocks
(:func:`stored`). It is what a worker process sends back and what the results cache keeps,
so a run over ten thousand posts holds no prose, and a warm run parses nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from postcheck.findings import Finding
from postcheck.model import Document
from postcheck.parse.source import SourceText, decode


@dataclass
class PostResult:
    """One post after its per-post checks."""

    doc: Document
    findings: list[Finding]
    #: Families whose check did not run on this post, and items a check could not check
    #: (:attr:`CheckContext.skipped` and :attr:`CheckContext.unchecked` for this post).
    skipped: set[str] = field(default_factory=set)
    unchecked: dict[str, int] = field(default_factory=dict)
    #: What the checks noted besides findings (:attr:`CheckContext.records` for this post: the
    #: claims the proof-point register substantiates).
    records: dict[str, list[Any]] = field(default_factory=dict)


class StoredDocument(Document):
    """A document without prose blocks whose lines are read again from the file when first
    needed (a finding's excerpt, a suppression's range): most posts of a large or warm run
    never need them, and ten thousand posts' lines would not fit the memory budget."""

    #: Fields the results cache does not keep.
    TRANSIENT = ("lines",)

    @property  # type: ignore[override]
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _read_lines(self)
        return self._lines

    @lines.setter
    def lines(self, value: list[str] | None) -> None:
        self._lines = value

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_lines": None}


def stored(doc: Document) -> StoredDocument:
    """``doc`` without what only the per-post checks read: its prose blocks (and the links'
    pointers into them) and its lines."""
    values = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)}
    values["blocks"] = []
    values["lines"] = None
    values["links"] = [dataclasses.replace(link, block=None) for link in doc.links]
    return StoredDocument(**values)


def _read_lines(doc: Document) -> list[str]:
    """The file's lines, if it still holds what was checked (else no excerpt beats a wrong one)."""
    try:
        raw = doc.abspath.read_bytes()
    except OSError:
        return []
    if doc.digest and hashlib.sha256(raw).hexdigest() != doc.digest:
        return []
    source = decode(raw)
    return source.lines if isinstance(source, SourceText) else []
