"""Settings of the ``proof`` family."""

from dataclasses import dataclass, field

from postcheck.sections import register_section


@register_section("proof")
@dataclass
class ProofSettings:
    #: Any one of these pages satisfies the check for every sensitive topic.
    pages: list[str] = field(default_factory=list)
    #: Proof pages per topic (``ai: [https://example.com/ai-principles]``); a linked page
    #: from here or from ``pages`` satisfies that topic. A topic named here also counts as
    #: sensitive when a post declares it in its ``topics``.
    topics: dict[str, list[str]] = field(default_factory=dict)
