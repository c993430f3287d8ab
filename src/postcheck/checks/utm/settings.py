"""Settings of the ``utm`` family (and of ``postcheck fix``, which fills the tags)."""

from dataclasses import dataclass, field

from postcheck.checks.utm.ga4 import DEFAULT_MEDIUMS
from postcheck.sections import SettingsError, register_section
from postcheck.urls import owned_host


@register_section("utm")
@dataclass
class UtmSettings:
    #: Links to these hosts (and their subdomains) must carry UTM tags.
    domains: list[str] = field(default_factory=list)
    #: The parameters every tracked link must have.
    required: list[str] = field(default_factory=lambda: ["utm_source", "utm_medium", "utm_campaign"])
    #: Values ``postcheck fix`` uses when the front matter gives none, by parameter name
    #: without ``utm_`` (``medium: social``, ``content: post``).
    defaults: dict[str, str] = field(default_factory=lambda: {"medium": "social"})
    #: Allowed ``utm_medium`` values; the default is every medium GA4's channel rules name.
    mediums: list[str] = field(default_factory=lambda: list(DEFAULT_MEDIUMS))
    #: Front matter ``channel`` → expected ``utm_source`` (e.g. ``x: twitter``); a channel not
    #: listed is its own source.
    sources: dict[str, str] = field(default_factory=dict)
    #: Front matter ``channel`` → ``utm_medium`` that ``postcheck fix`` fills (before
    #: ``defaults.medium``).
    channel_mediums: dict[str, str] = field(default_factory=lambda: {"newsletter": "email", "email": "email"})
    #: Channels that publish on the site itself: their links to owned domains must NOT carry
    #: UTM tags (tagging internal links starts a new session and loses the real source).
    site_channels: list[str] = field(default_factory=lambda: ["blog"])

    def __post_init__(self) -> None:
        """Each domain as a host name: a URL is accepted for its host, and a value that is no
        host is an error (it would silently track nothing)."""
        hosts = []
        for index, value in enumerate(self.domains):
            try:
                hosts.append(owned_host(value))
            except ValueError as error:
                raise SettingsError(f"utm.domains[{index}]: {error}") from None
        self.domains = hosts
