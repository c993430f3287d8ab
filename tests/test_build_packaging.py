"""The wheel carries the rule packs, so an install from a git URL (what pre-commit does) works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_ships_rule_packs_and_runs_from_them(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("postcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(n for n in names if n.startswith("postcheck/rules/"))
    assert "postcheck/rules/en/deceptive.yaml" in packs and "postcheck/rules/ro/deceptive.yaml" in packs
    assert "postcheck/rules/common/postcheck.yaml" in packs
    # The GA4 source-category table and its MIT licence (utm channel prediction).
    assert {"postcheck/checks/utm/ga4_data/ga4_source_categories.csv", "postcheck/checks/utm/ga4_data/LICENSE.txt"} <= set(names)
    # What `postcheck init` writes.
    assert {"postcheck/starter/postcheck.yaml", "postcheck/starter/house.en.yaml", "postcheck/starter/house.ro.yaml"} <= set(names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True, capture_output=True)
    code = (
        "import postcheck.rulepack as r, postcheck.checks.utm.ga4 as g; print(r.packs_dir()); print(len(r.load_registry().rules));"
        "print(g.channel(g.Visit('linkedin', 'social')).replace(' ', '_'))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    where, count, channel = out.split()
    assert where.startswith(str(target)) and int(count) >= 8
    assert channel == "Organic_Social"
