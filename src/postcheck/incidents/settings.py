"""Settings of the incident ledger and quarterly summary."""

from dataclasses import dataclass

from postcheck.sections import register_section
from postcheck.sections import SettingsError


@register_section("incidents")
@dataclass
class IncidentsSettings:
    #: The ledger file, relative to the config file's folder.
    ledger: str = "incidents.yaml"
    #: Incidents per quarter at or below which a quarter is on target.
    target: int = 1
    #: The month (1-12) the fiscal year starts; 1 gives calendar quarters.
    fiscal_year_start: int = 1

    def __post_init__(self) -> None:
        """Range checks the type hints cannot express; the loader adds the file name."""
        if not 1 <= self.fiscal_year_start <= 12:
            raise SettingsError(f"incidents.fiscal_year_start: expected a month 1-12, got {self.fiscal_year_start}")
        if self.target < 0:
            raise SettingsError(f"incidents.target: expected 0 or more incidents per quarter, got {self.target}")
        if not self.ledger.strip():
            raise SettingsError("incidents.ledger: expected a file name, got an empty string")
