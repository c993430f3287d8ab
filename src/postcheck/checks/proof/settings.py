"""Settings of the ``proof`` family."""

from dataclasses import dataclass, field

from postcheck.sections import SettingsError, register_section
from postcheck.urls import proof_page


@register_section("proof")
@dataclass
class ProofSettings:
    #: Any one of these pages satisfies the check for every sensitive topic: URLs, site routes
    #: (``/trust``) or files in the repository, relative to the config (``site/trust.md``).
    pages: list[str] = field(default_factory=list)
    #: Proof pages per topic (``ai: [https://example.com/ai-principles]``); a linked page
    #: from here or from ``pages`` satisfies that topic. A topic named here also counts as
    #: sensitive when a post declares it in its ``topics``.
    topics: dict[str, list[str]] = field(default_factory=dict)
    #: The rule packs' topics that are detected in a post's words (and count when a post
    #: declares them). ``health`` is left out by default: "health", "patients" or "cures" in a
    #: lifestyle or sponsored post is rarely a claim the company must back with a page; add it
    #: here, or name it in ``topics``, to check health too.
    detect: list[str] = field(default_factory=lambda: ["ai", "security", "privacy", "defence", "government"])
    #: A proof page last updated more than this many days ago is stale (92: "update it every
    #: quarter"): its front matter ``updated`` (or ``date``) for a page in the repository, its
    #: own modification date or ``Last-Modified`` for a remote page the links check fetched.
    max_age_days: int = 92

    def __post_init__(self) -> None:
        """A page is an http(s) URL or a path (anything else could never match a link), and a
        page cannot be stale before it is a day old."""
        listed = [("proof.pages", self.pages), *((f"proof.topics.{name}", pages) for name, pages in self.topics.items())]
        for where, pages in listed:
            for index, page in enumerate(pages):
                try:
                    proof_page(page)
                except ValueError as error:
                    raise SettingsError(f"{where}[{index}]: {error}") from None
        if self.max_age_days < 1:
            raise SettingsError("proof.max_age_days: must be at least 1")
