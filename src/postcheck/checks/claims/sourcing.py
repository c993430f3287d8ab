"""Whether a claim is sourced, scoped the way a reader scopes it.

- A link or a footnote reference (whose definition has a URL) sources its own sentence. An
  image does not (a chart with no data is not a source), and neither does a link to a site's
  home page: "used by [Microsoft](https://www.microsoft.com/)" names Microsoft, it shows
  nothing; nor does an organisation's page on a code host or a licence's text.
- A citation sentence ("(Source: [report](…))", "Details are in the [2025 report](…)") sources
  the sentence just before it, not the whole paragraph. A citation that links nothing is no
  source ("(Source: internet)" is itself reported, as a named source with no link).
- A link whose text names a report, study or survey also sources the later sentences of its
  paragraph that point back to it ("the report", "this survey").
- A quote is sourced by its credit: the line of a blockquote or an HTML ``<aside>``/``<figure>``
  that starts with a dash and links the source, or a linked sentence ending with a colon just
  before a blockquote.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from postcheck.checks.claims.kinds import COMPARISON, STATISTIC, SUPERLATIVE
from postcheck.checks.claims.pipeline import Analysis, Candidate
from postcheck.checks.claims.words import ClaimWords
from postcheck.model import BlockKind, Document, Link, LinkKind, Position, ProseBlock
from postcheck.textfold import fold

#: Containers whose blocks are one quote, sourced together by their credit.
QUOTE_CONTAINERS = frozenset({"blockquote", "aside", "figure", "quote", "pullquote", "testimonial", "q"})
#: Where a quote's credit line starts.
CREDIT_MARKS = ("—", "–", "―", "--", "-", "~")
#: Elements that hold a credit whatever their first character.
CREDIT_ELEMENTS = frozenset({"figcaption", "cite", "footer"})
_WORDS = re.compile(r"\w+")
#: Kinds a heading can sum up from the section below it.
RANKINGS = frozenset({COMPARISON, SUPERLATIVE})
#: The path of a home page: none, "/", a language ("/en/", "/en-us") or an index file.
HOME_PATH = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?|index\.html?)?$", re.IGNORECASE)
#: Code hosts whose organisation pages are a project's home page (a repository page shows its
#: stars and contributors, so it can source those).
CODE_HOSTS = frozenset({"github.com", "www.github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht"})
#: What a repository's page shows, so can source: "20,000 stars", "over 350 contributors".
REPO_FACTS = frozenset({"star", "stars", "stargazers", "contributor", "contributors", "fork", "forks", "commit", "commits", "release", "releases", "issues", "dependents", "watchers", "maintainers"})
#: Social networks whose profile pages name a person or an organisation ("[William
#: Morgan](https://twitter.com/wm)"): a profile shows who, not that a claim is true; a post
#: on them ("/wm/status/123") can source what its author said.
SOCIAL_HOSTS = frozenset({"twitter.com", "www.twitter.com", "x.com", "www.x.com", "instagram.com", "www.instagram.com", "facebook.com", "www.facebook.com", "bsky.app", "threads.net", "www.threads.net", "mastodon.social", "fosstodon.org", "hachyderm.io"})
#: LinkedIn's profile and company pages: ``/in/<name>``, ``/company/<name>``.
LINKEDIN_PROFILE = re.compile(r"^/(?:in|company|school)/[^/]+/?$")
#: A licence's text ("/licenses/mit/", "/LICENSE", "/licenses/Apache-2.0"): what a licence says, not how popular it is.
LICENCE_PATH = re.compile(r"/licen[cs]es?(?:/|\.\w+$|$)", re.IGNORECASE)
#: What :func:`_page` says a link opens: a page that only names the subject; a repository's
#: own page on a code host (``github.com/tokio-rs/tokio``), which shows its stars and
#: contributors, so it sources a count of those but not a ranking, a comparison or another
#: figure ("for the [vscode repository](…) we measured a 15x difference"); any other page.
NAMES, REPOSITORY, EVIDENCE = "names", "repository", "evidence"


def can_source(link: Link) -> bool:
    """A link that can source a claim: not an image, and not a page that only names the
    claim's subject: a site's home page (``/``, ``/en/``), a project's organisation page on a
    code host (``github.com/exercism``), a profile on a social network, or a licence's text.
    "A platform with over 350 contributors" linked to its GitHub organisation names the
    platform; it does not show the count. Nor is a repository's own page, which sources only
    the counts it shows, inside their sentence (:data:`REPOSITORY`, :meth:`Sources.in_sentence`)."""
    return _page(link) == EVIDENCE


def _page(link: Link) -> str:
    """What kind of page a link opens, for sourcing: one that only names (:data:`NAMES`), a
    repository's own page (:data:`REPOSITORY`), or any other page (:data:`EVIDENCE`)."""
    if link.kind is LinkKind.IMAGE:
        return NAMES
    parts = urlsplit(link.url.strip())
    if parts.scheme not in ("http", "https") or parts.query:
        return EVIDENCE
    host = parts.hostname or ""
    segments = [segment for segment in parts.path.split("/") if segment]
    if (HOME_PATH.match(parts.path) and not parts.fragment) or _is_profile(host, parts.path, segments):
        return NAMES
    if host in CODE_HOSTS and not parts.fragment and len(segments) <= 2:
        return NAMES if len(segments) <= 1 else REPOSITORY
    return NAMES if LICENCE_PATH.search(parts.path) else EVIDENCE


def _is_profile(host: str, path: str, segments: list[str]) -> bool:
    """A person's or an organisation's profile on a social network (see :data:`SOCIAL_HOSTS`)."""
    if host in SOCIAL_HOSTS:
        return len(segments) <= 1 or (host.endswith("bsky.app") and segments[0] == "profile" and len(segments) == 2)
    return host in ("linkedin.com", "www.linkedin.com") and bool(LINKEDIN_PROFILE.match(path))


class Sources:
    """What sources the claims of one document (built once per document)."""

    def __init__(self, doc: Document, words: ClaimWords) -> None:
        self.doc = doc
        self.report_words = words.report_words
        self.pointer = words.pointer
        self.credited = _credited_quotes(doc.blocks)
        self.below = {id(block): after for block, after in zip(doc.blocks, doc.blocks[1:])}

    def sourced(self, block: ProseBlock, analysis: Analysis, candidate: Candidate) -> bool:
        sentence = candidate.sentence
        return (
            self.in_sentence(block, sentence, candidate.rule_id)
            or any(ident in self.credited for ident in _quote_scopes(block))
            or self._cited_next(block, analysis, candidate)
            or self._heading_sourced_below(block, candidate.rule_id)
            or self._points_back(block, sentence)
        )

    def in_sentence(self, block: ProseBlock, bounds: tuple[int, int], rule_id: str) -> bool:
        """A source link for a claim of ``rule_id``, or a footnote reference whose definition
        has a URL, inside the sentence. A repository's page counts only for a count of what it
        shows ("20,000 stars")."""
        start, end = bounds
        first, last = block.span(start, max(end, start + 1)).start, _position_after(block, end)
        repo_facts = rule_id == STATISTIC and bool(REPO_FACTS & set(_WORDS.findall(block.text[start:end].lower())))
        for link in block.links:
            page = _page(link)
            if page == NAMES or (page == REPOSITORY and not repo_facts):
                continue
            if link.text_offsets:
                if link.text_offsets[0] < end and start < link.text_offsets[1]:
                    return True
            elif first <= link.span.start < last:
                return True
        return any(start <= offset <= end and self._footnote_has_url(label) for label, offset in block.footnote_refs)

    def _heading_sourced_below(self, block: ProseBlock, rule_id: str) -> bool:
        """A heading that ranks or compares sums up the section it opens: "Linkerd continues
        to outperform Istio" is sourced when the paragraph right below it links its source. A
        figure in a heading needs its own."""
        if block.kind is not BlockKind.HEADING or rule_id not in RANKINGS:
            return False
        after = self.below.get(id(block))
        return after is not None and after.kind is not BlockKind.HEADING and any(can_source(link) for link in after.links)

    def _cited_next(self, block: ProseBlock, analysis: Analysis, candidate: Candidate) -> bool:
        """The next sentence is a citation that links its source: it opens with a citation
        phrase ("(Source: [Acme survey](…))") or links a report ("Details are in the [2025
        benchmark report](…)")."""
        following = next((s for s in analysis.sentences if s[0] >= candidate.sentence[1]), None)
        if following is None:
            return False
        opens = any(following[0] <= at <= following[0] + 2 for at in analysis.citations)
        if opens:
            return self.in_sentence(block, following, candidate.rule_id)
        return any(
            link.text_offsets and following[0] <= link.text_offsets[0] < following[1] and can_source(link) and self._names_report(link.text)
            for link in block.links
        )

    def _points_back(self, block: ProseBlock, sentence: tuple[int, int]) -> bool:
        """An earlier link of the paragraph names a report, and this sentence refers to it."""
        reports = [
            link
            for link in block.links
            if link.text_offsets and link.text_offsets[1] <= sentence[0] and can_source(link) and self._names_report(link.text)
        ]
        if not reports or self.pointer is None:
            return False
        return self.pointer.search(fold(block.text[sentence[0] : sentence[1]].lower())) is not None

    def _names_report(self, text: str) -> bool:
        return bool(self.report_words & set(_WORDS.findall(fold(text.lower()))))

    def _footnote_has_url(self, label: str) -> bool:
        note = self.doc.footnotes.get(label)
        return bool(note and note.urls)


def _quote_scopes(block: ProseBlock) -> list[int]:
    return [ident for name, ident in zip(block.containers, block.scope) if name in QUOTE_CONTAINERS]


def _credited_quotes(blocks: list[ProseBlock]) -> set[int]:
    """Ids of the quotes whose credit links a source, and of the blockquotes introduced by a
    linked sentence that ends with a colon ("…a făcut o diferență](…) în recrutare:")."""
    credited: set[int] = set()
    previous: ProseBlock | None = None
    for block in blocks:
        scopes = _quote_scopes(block)
        sources = any(can_source(link) for link in block.links)
        if scopes and sources and (block.text.lstrip().startswith(CREDIT_MARKS) or CREDIT_ELEMENTS & set(block.containers)):
            credited.update(scopes)
        if scopes and previous is not None and not set(scopes) & set(_quote_scopes(previous)):
            if previous.text.rstrip().endswith(":") and any(can_source(link) for link in previous.links):
                credited.add(scopes[0])
        previous = block
    return credited


def _position_after(block: ProseBlock, end: int) -> Position:
    """The source position just after ``text[:end]`` (the block's end for the last sentence)."""
    if end < len(block.text):
        return block.source_map.position(end)
    return block.span(max(0, len(block.text) - 1), len(block.text)).end
