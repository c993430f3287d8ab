"""Settings of the ``utm`` family."""

from dataclasses import dataclass, field

from postcheck.settings import register_section


@register_section("utm")
@dataclass
class UtmSettings:
    #: Links to these hosts (and their subdomains) must carry UTM tags.
    domains: list[str] = field(default_factory=list)
    #: The parameters every tracked link must have.
    required: list[str] = field(default_factory=lambda: ["utm_source", "utm_medium", "utm_campaign"])
