"""Settings of the ``links`` family."""

from dataclasses import dataclass, field

from postcheck.settings import register_section


@register_section("links")
@dataclass
class LinksSettings:
    #: Seconds per request.
    timeout: float = 10.0
    #: Regexes of URLs that are never requested.
    exclude: list[str] = field(default_factory=list)
