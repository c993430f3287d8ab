"""Settings of the ``proof`` family."""

from dataclasses import dataclass, field

from postcheck.settings import register_section


@register_section("proof")
@dataclass
class ProofSettings:
    #: Any one of these pages satisfies the check for every sensitive topic.
    pages: list[str] = field(default_factory=list)
