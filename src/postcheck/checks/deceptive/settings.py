"""Settings of the ``deceptive`` family."""

from dataclasses import dataclass, field

from postcheck.sections import register_section


@register_section("deceptive")
@dataclass
class DeceptiveSettings:
    #: Disclosure labels the team accepts besides the built-in ones (``#werbung``,
    #: ``#anzeige``, "publicidad"): matched as written (not as patterns), case-insensitive,
    #: whole words, Romanian diacritics folded, a space matching any white space.
    disclosures: list[str] = field(default_factory=list)
