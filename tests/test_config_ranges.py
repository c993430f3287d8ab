"""Config values are checked against sane ranges (issue 14): numbers are finite, a folder
postcheck writes to stays inside the project (or is absolute) and is never its root."""

from __future__ import annotations

from pathlib import Path

import pytest

from postcheck import config as config_module
from postcheck.config import ConfigError
from postcheck.sections import SettingsError, convert


def load(tmp_path: Path, text: str):
    path = tmp_path / ".postcheck.yaml"
    path.write_text(text)
    return config_module.load(path)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "+.Inf"])
def test_numbers_must_be_finite(tmp_path, value):
    with pytest.raises(ConfigError, match=r"links.timeout: expected a finite number"):
        load(tmp_path, f"links:\n  timeout: {value}\n")


@pytest.mark.parametrize("folder", [".", "./", "sub/..", "''"])
def test_the_cache_is_never_the_project_root(tmp_path, folder):
    with pytest.raises(ConfigError, match=r"links.cache_dir: must not be the project root|links.cache_dir: expected a folder"):
        load(tmp_path, f"links:\n  cache_dir: {folder}\n")


def test_the_cache_never_leads_out_of_the_project(tmp_path):
    with pytest.raises(ConfigError, match=r"links.cache_dir: '../elsewhere' leads out of the project"):
        load(tmp_path, "links:\n  cache_dir: ../elsewhere\n")


def test_the_cache_may_be_a_subfolder_or_absolute(tmp_path):
    assert load(tmp_path, "links:\n  cache_dir: .cache/postcheck\n").section("links").cache_dir == ".cache/postcheck"
    elsewhere = tmp_path.parent / "cache-elsewhere"
    assert load(tmp_path, f"links:\n  cache_dir: {elsewhere}\n").section("links").cache_dir == str(elsewhere)
    with pytest.raises(ConfigError, match="must not be the project root"):
        load(tmp_path, f"links:\n  cache_dir: {tmp_path}\n")


def test_a_range_names_the_key_and_the_bounds():
    from typing import Annotated

    from postcheck.sections import Range

    hint = Annotated[float, Range(0, 300, "seconds")]
    assert convert(hint, 30, "links.retry_after_max") == 30.0
    with pytest.raises(SettingsError, match=r"links.retry_after_max: expected 0 to 300 seconds, got 1e\+300"):
        convert(hint, 1e300, "links.retry_after_max")


def test_the_cli_says_it_in_one_line(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".postcheck.yaml").write_text("links:\n  cache_dir: .\n")
    (tmp_path / "post.md").write_text("Hello.\n")
    result = subprocess.run([sys.executable, "-m", "postcheck", "check", "post.md"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert not (tmp_path / ".gitignore").exists()
