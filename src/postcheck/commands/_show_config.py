"""``check --show-config``: the configuration a run would use, resolved (ruff's
``--show-settings``): which file was found, every setting with its default filled in, and
each rule's effective severity, so a surprise can be traced to its cause."""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from postcheck import baseline as baseline_module
from postcheck.config import Config
from postcheck.registry import Registry


def show_config(config: Config, registry: Registry, enabled: set[str]) -> str:
    core = dataclasses.asdict(config.core)
    core["rules"] = {key: {k: v for k, v in value.items() if v is not None} for key, value in core["rules"].items()}
    resolved: dict[str, Any] = {
        "config_file": str(config.path) if config.path else None,
        "root": str(config.root),
        **core,
        "baseline": str(baseline_module.default_path(config.root, config.core.baseline)),
        **{name: dataclasses.asdict(settings) for name, settings in config.sections.items()},
        "effective_rules": {
            rule.id: config.severity_for(rule.id, rule.severity).value if rule.id in enabled else "off"
            for rule in registry.sorted()
        },
    }
    return yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True, width=100)
