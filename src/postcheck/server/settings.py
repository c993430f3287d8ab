"""The ``server:`` config section: what the editor integration does, per project."""

from dataclasses import dataclass

from postcheck.sections import SettingsError, register_section

#: The issue's promise: diagnostics at most this long after typing stops.
MAX_DEBOUNCE_MS = 150


@register_section("server")
@dataclass
class ServerSettings:
    #: Check links over the network when a post is saved (never while typing); the results
    #: cache (``links.cache``) is used as by ``postcheck check``.
    links_on_save: bool = False
    #: Milliseconds of quiet after a change before the post is checked again.
    debounce_ms: int = MAX_DEBOUNCE_MS

    def __post_init__(self) -> None:
        if not 0 <= self.debounce_ms <= MAX_DEBOUNCE_MS:
            raise SettingsError(f"server.debounce_ms: expected 0 to {MAX_DEBOUNCE_MS} milliseconds, got {self.debounce_ms}")
