"""What every subcommand needs: the config, the registry, and errors as one clean line."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from postcheck import config as config_module
from postcheck.checks import CHECKS
from postcheck.cache import builtin_rules
from postcheck.config import Config, ConfigError
from postcheck.discover import MissingPath
from postcheck.housepacks import load_house_packs
from postcheck.registry import Registry
from postcheck.rulepack import RulePackError, check_names, load_registry
from postcheck.runner import SelectionError

USAGE_ERROR = 2


class UsageError(Exception):
    """A problem with how postcheck was called or configured (exit code 2)."""


def clean_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known errors into one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (ConfigError, RulePackError, SelectionError, MissingPath, UsageError) as error:
            click.echo(f"postcheck: error: {error}", err=True)
            sys.exit(USAGE_ERROR)

    return wrapper


def load_config(config_file: Path | None, paths: list[Path]) -> Config:
    """``--config FILE``, else the nearest config above the first path, else above cwd."""
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: config file not found")
        return config_module.load(config_file, trusted=True)
    found = config_module.discover([*paths, Path.cwd()])
    return config_module.load(found)


def load_rules(config: Config | None = None, cached: bool = False) -> Registry:
    """The built-in rules (``cached``: from the user's cache when it has them, see
    :func:`~postcheck.cache.builtin_rules`), plus the config's ``rule_packs``."""
    registry = builtin_rules() if cached else load_registry()
    if config is not None:
        load_house_packs(registry, config)
    check_names(registry, set(CHECKS))
    return registry


def split_selectors(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` → ``[a, b, c]`` (ruff accepts both spellings)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def use_color(choice: str, stream: Any) -> bool:
    """``auto``: colour on a terminal unless ``NO_COLOR`` is set (https://no-color.org)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())
