"""Settings of the incident ledger and quarterly summary."""

from dataclasses import dataclass

from postcheck.settings import register_section


@register_section("incidents")
@dataclass
class IncidentsSettings:
    #: The ledger file, relative to the config file's folder.
    ledger: str = "incidents.yaml"
    #: Incidents per quarter at or below which a quarter is on target.
    target: int = 1
    #: The month (1-12) the fiscal year starts; 1 gives calendar quarters.
    fiscal_year_start: int = 1
