"""House rules: a team's own rule packs (``rule_packs:``), ``require`` rules, ``rules --test``
and ``init``, each in a temporary content repository through the real command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from postcheck.cli import main

CONFIG = "rule_packs:\n  - compliance/house.yaml\n"


def rule(rule_id: str, body: str, match: list[str], no_match: list[str], family: str = "deceptive") -> str:
    """One pack entry (YAML, indented for ``rules:``); ``body`` holds the rule's own keys."""
    examples = json.dumps({"match": match, "no_match": no_match}, ensure_ascii=False)
    head = f"""
        - id: {rule_id}
          family: {family}
          severity: error
          message: "{rule_id} fired."
          explanation: Why it matters.
          fix: Rewrite it.
          policy: https://example.com/policy
        """
    own = textwrap.indent(textwrap.dedent(body).strip("\n") + f"\nexamples: {examples}", "  ")
    return textwrap.indent(textwrap.dedent(head).strip("\n") + "\n" + own + "\n", "  ")


PHRASE = rule("deceptive/house-codename", 'patterns: ["project falcon", "falcon beta"]', ["Meet Project Falcon."], ["A falcon flew by."])
CAPITAL = rule(
    "deceptive/house-capital-at-risk",
    """
    require:
      when: ["invest(?:ing|ment)?"]
      text: ["capital at risk", "your capital is at risk"]
    """,
    ["Start investing today."],
    ["Start investing today. Capital at risk."],
)
FINANCE = rule(
    "deceptive/house-finance-warning",
    """
    require:
      front_matter: {topics: finance}
      text: ["capital at risk"]
    """,
    ["---\ntopics: [finance]\n---\nOur savings pots.\n"],
    ["---\ntopics: [finance]\n---\nOur savings pots. Capital at risk.\n"],
)
PARAGRAPH = rule(
    "deceptive/house-odds",
    """
    require:
      when: ["odds", "bet(?:s|ting)?"]
      text: ["18\\\\+", "gamble responsibly"]
      within: paragraph
    """,
    ["Place your bets now."],
    ["Place your bets now. 18+ only, gamble responsibly."],
)


def repo(tmp_path: Path, *rules: str, language: str | None = None, config: str = CONFIG, name: str = "house.yaml") -> Path:
    (tmp_path / ".postcheck.yaml").write_text(config, encoding="utf-8")
    pack = tmp_path / "compliance" / name
    pack.parent.mkdir(exist_ok=True)
    head = f"language: {language}\n" if language else ""
    pack.write_text(head + "rules:\n" + "".join(rules), encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def findings(root: Path, text: str, name: str = "post.md") -> list[dict]:
    post = root / name
    post.write_text(text, encoding="utf-8")
    result = invoke("check", "--offline", "--select", "deceptive", "--format", "json", str(post))
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.output)["files"][0]["findings"] if "/house-" in f["rule"]]


def in_family(pack: str, family: str) -> str:
    """A pack's rules moved to another family (``rules --test --family proof`` runs few
    built-in examples beside them)."""
    return pack.replace("deceptive/", f"{family}/").replace("family: deceptive", f"family: {family}")


def where(found: list[dict]) -> list[tuple[str, int, int]]:
    return [(f["rule"], f["line"], f["column"]) for f in found]


# --- phrase rules --------------------------------------------------------------------------


def test_a_house_phrase_rule_lands_in_its_family_row(tmp_path):
    root = repo(tmp_path, PHRASE)
    post = root / "post.md"
    post.write_text("---\nlang: en\n---\nOur Project Falcon vault.\n", encoding="utf-8")
    report = json.loads(invoke("check", "--offline", "--format", "json", str(post)).output)["files"][0]
    [finding] = report["findings"]
    assert (finding["rule"], finding["line"], finding["column"], finding["excerpt"]) == ("deceptive/house-codename", 4, 5, "Project Falcon")
    assert {row["family"]: row["status"] for row in report["checklist"]}["deceptive"] == "fail"


def test_config_overrides_and_select_reach_house_rules(tmp_path):
    root = repo(tmp_path, PHRASE, config=CONFIG + "rules:\n  deceptive/house-codename: {severity: warning}\n")
    post = root / "post.md"
    post.write_text("Our Project Falcon vault, last chance!\n", encoding="utf-8")
    report = json.loads(invoke("check", "--offline", "--format", "json", "--select", "deceptive/house-codename", str(post)).output)
    assert [(f["rule"], f["severity"]) for f in report["files"][0]["findings"]] == [("deceptive/house-codename", "warning")]


def test_rules_and_explain_show_the_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path, PHRASE))
    listing = invoke("rules", "--family", "deceptive")
    line = next(line for line in listing.output.splitlines() if line.startswith("deceptive/house-codename"))
    assert line.endswith("(compliance/house.yaml)")
    as_json = {r["id"]: r for r in json.loads(invoke("rules", "--format", "json").output)}
    assert as_json["deceptive/house-codename"]["pack"] == "compliance/house.yaml"
    assert as_json["deceptive/fake-urgency"]["pack"] is None
    explained = invoke("explain", "deceptive/house-codename").output
    assert "From: compliance/house.yaml:2 (the config's rule_packs)" in explained
    assert "From:" not in invoke("explain", "deceptive/fake-urgency").output


# --- require rules -------------------------------------------------------------------------


def test_require_with_a_prose_trigger(tmp_path):
    root = repo(tmp_path, CAPITAL)
    [finding] = findings(root, "# Plans\n\nWe build tools.\n\nInvesting made simple: start with £10.\n")
    assert where([finding]) == [("deceptive/house-capital-at-risk", 5, 1)]
    assert finding["excerpt"] == "Investing"
    assert finding["message"] == "deceptive/house-capital-at-risk fired. Required: 'capital at risk' or 'your capital is at risk'."
    assert findings(root, "Investing made simple.\n\n> Your capital is at risk.\n") == []
    assert len(findings(root, "Investing made simple. `capital at risk`\n")) == 1, "text in code is not prose"


def test_require_with_a_front_matter_condition_points_at_the_key(tmp_path):
    root = repo(tmp_path, FINANCE)
    [finding] = findings(root, "---\ntitle: Pots\ntopics: [savings, finance]\n---\nHow pots work.\n")
    assert (finding["line"], finding["column"], finding["end_column"], finding["excerpt"]) == (3, 1, 7, "topics")
    assert findings(root, "---\ntopics: Finance\n---\nHow pots work.\n"), "a scalar value, any case"
    assert findings(root, "---\ntopics: [finance]\n---\nHow pots work. Capital at risk.\n") == []
    assert findings(root, "---\ntopics: [savings]\n---\nHow pots work.\n") == []
    assert findings(root, "No front matter, no trigger.\n") == []


def test_require_within_a_paragraph(tmp_path):
    root = repo(tmp_path, PARAGRAPH)
    text = "Place your bets on the final. 18+ only.\n\nThe odds are great.\n\n- Betting opens at noon.\n- Gamble responsibly.\n"
    assert where(findings(root, text)) == [("deceptive/house-odds", 3, 5), ("deceptive/house-odds", 5, 3)]


def test_require_within_the_opening(tmp_path):
    affiliate = rule(
        "deceptive/house-affiliate",
        """
        require:
          front_matter: {affiliate: true}
          text: ["affiliate links?", "we earn a commission"]
          within: opening
        """,
        ["---\naffiliate: true\n---\nBuy the [X2](https://shop.example/x2).\n"],
        ["---\naffiliate: true\n---\nThis post has affiliate links. Buy the [X2](https://shop.example/x2).\n"],
    )
    root = repo(tmp_path, affiliate)
    late = "---\naffiliate: yes\n---\nBuy the [X2](https://shop.example/x2), we earn a commission.\n"
    assert where(findings(root, late)) == [("deceptive/house-affiliate", 4, 40)], "reported where it stands, to be moved"
    assert where(findings(root, "---\naffiliate: true\n---\nBuy it.\n\nAffiliate link.\n")) == [("deceptive/house-affiliate", 6, 1)]
    assert where(findings(root, "---\naffiliate: true\n---\nBuy it.\n")) == [("deceptive/house-affiliate", 2, 1)]


def test_a_language_pack_checks_only_its_language_and_speaks_it(tmp_path):
    romanian = rule(
        "deceptive/house-capital-at-risk",
        'require:\n  when: ["investiți"]\n  text: ["capitalul este expus riscului"]',
        ["Investiți azi."],
        ["Investiți azi. Capitalul este expus riscului."],
    ).replace('"deceptive/house-capital-at-risk fired."', '"Lipsește avertismentul."')
    root = repo(tmp_path, romanian, language="ro")
    [finding] = findings(root, "---\nlang: ro\n---\nInvestiti azi in fonduri.\n")
    assert finding["message"] == "Lipsește avertismentul. Trebuie să apară: „capitalul este expus riscului”."
    assert findings(root, "---\nlang: en\n---\nInvestiți azi.\n") == []


def test_the_same_id_in_an_english_and_a_romanian_pack_is_one_rule(tmp_path, monkeypatch):
    root = repo(tmp_path, PHRASE, language="en", config="rule_packs: [compliance]\n")
    ro = rule("deceptive/house-codename", 'patterns: ["proiectul falcon"]', ["Iată proiectul Falcon."], ["Un șoim."])
    repo(tmp_path, ro.replace(" fired.", " a găsit ceva."), language="ro", config="rule_packs: [compliance]\n", name="house.ro.yaml")
    [finding] = findings(root, "---\nlang: ro\n---\nIată proiectul Falcon.\n")
    assert finding["message"] == "deceptive/house-codename a găsit ceva."
    assert findings(root, "---\nlang: en\n---\nMeet Project Falcon.\n")[0]["message"] == "deceptive/house-codename fired."
    monkeypatch.chdir(root)
    assert "en,ro" in next(line for line in invoke("rules").output.splitlines() if "house-codename" in line)


# --- bad packs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, expected",
    [
        (("severity: error", "severity: fatal"), r"compliance/house.yaml:4: rule deceptive/house-capital-at-risk: severity must be"),
        (('"invest(?:ing|ment)?"', '"invest(ing"'), r"compliance/house.yaml:10: .*bad pattern 'invest\(ing'"),
        (("      text:", "      txt:"), r"compliance/house.yaml:11: .*require: unknown key\(s\): txt"),
        (("    fix: Rewrite it.\n", "    fix: Rewrite it.\n    colour: red\n"), r"compliance/house.yaml:8: .*unknown key\(s\): colour"),
        (("    family: deceptive\n", "    family: postcheck\n"), r"compliance/house.yaml:3: .*family must be one of claims, utm, links, proof, deceptive"),
        (("  - id: deceptive/house-capital-at-risk", "  - id: Deceptive Capital"), r"compliance/house.yaml:2: rule Deceptive Capital: id must look like"),
        (('      text: ["capital at risk", "your capital is at risk"]\n', ""), r"compliance/house.yaml:9: .*require: missing key\(s\): text"),
        (("    policy: https://example.com/policy\n", "    policy: https://example.com/policy\n    check: phrases\n"), r"compliance/house.yaml:9: .*'check' is for postcheck's built-in rules"),
        (("rules:\n", "language: fr\nrules:\n"), r"compliance/house.yaml:1: language must be one of en, ro"),
        (("rules:\n", "rules: [\n"), r"compliance/house.yaml:\d+: invalid YAML"),
    ],
)
def test_a_bad_pack_is_exit_2_naming_file_line_and_key(tmp_path, change, expected):
    root = repo(tmp_path, CAPITAL)
    pack = root / "compliance" / "house.yaml"
    text = pack.read_text()
    assert change[0] in text
    pack.write_text(text.replace(*change, 1))
    (root / "post.md").write_text("Hello.\n")
    result = invoke("check", "--offline", str(root / "post.md"))
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert re.search(expected, result.output), result.output


def test_an_id_clashing_with_a_built_in_rule_is_an_error(tmp_path):
    root = repo(tmp_path, PHRASE.replace("deceptive/house-codename", "deceptive/fake-urgency"))
    (root / "post.md").write_text("Hello.\n")
    result = invoke("check", str(root / "post.md"))
    assert result.exit_code == 2
    assert "compliance/house.yaml:2: rule deceptive/fake-urgency: id is a built-in rule's" in result.output
    assert "severity is changed under 'rules:'" in result.output


def test_an_id_defined_twice_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path, PHRASE, PHRASE))
    result = invoke("rules")
    assert result.exit_code == 2 and "id defined twice (every language already)" in result.output


@pytest.mark.parametrize("entry", ["../outside.yaml", "/etc/hostname", "link.yaml"])
def test_a_pack_outside_the_config_folder_is_refused(tmp_path, monkeypatch, entry):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "outside.yaml").write_text("rules:\n" + PHRASE)
    (root / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (root / ".postcheck.yaml").write_text(f"rule_packs: [{entry}]\n")
    monkeypatch.chdir(root)
    result = invoke("rules")
    assert result.exit_code == 2
    assert f".postcheck.yaml: rule_packs[0]: '{entry}' leads outside the config's folder" in result.output


def test_aliases_and_oversized_packs_are_refused(tmp_path, monkeypatch):
    root = repo(tmp_path, PHRASE.replace('patterns: ["project falcon", "falcon beta"]', 'patterns: [&p "project falcon", *p]'))
    monkeypatch.chdir(root)
    assert "compliance/house.yaml:9: YAML aliases (*p) are not allowed" in invoke("rules").output
    (root / "compliance" / "house.yaml").write_text("rules:\n" + PHRASE + "#" * (1 << 20))
    result = invoke("rules")
    assert result.exit_code == 2 and "larger than 1024 KB" in result.output


def test_a_folder_entry_loads_every_pack_in_it(tmp_path, monkeypatch):
    root = repo(tmp_path, PHRASE, config="rule_packs: [compliance/]\n")
    (root / "compliance" / "more.yml").write_text("rules:\n" + CAPITAL)
    (root / "compliance" / "notes.txt").write_text("not a pack")
    monkeypatch.chdir(root)
    output = invoke("rules", "--family", "deceptive").output
    assert "(compliance/house.yaml)" in output and "(compliance/more.yml)" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_not_read(tmp_path, monkeypatch):
    root = repo(tmp_path, PHRASE, config="rule_packs: [pipe.yaml]\n")
    os.mkfifo(root / "pipe.yaml")
    monkeypatch.chdir(root)
    result = invoke("rules")
    assert result.exit_code == 2 and "'pipe.yaml' is not a regular file" in result.output


# --- rules --test --------------------------------------------------------------------------


def test_rules_test_reports_a_failing_example_with_rule_and_line(tmp_path, monkeypatch):
    broken = CAPITAL.replace('"no_match": ["Start investing today. Capital at risk."]', '"no_match": ["Start investing today."]')
    monkeypatch.chdir(repo(tmp_path, in_family(PHRASE, "proof"), in_family(broken, "proof")))
    result = invoke("rules", "--test", "--family", "proof")
    assert result.exit_code == 1
    failures = [line for line in result.output.splitlines() if line.startswith("compliance/")]
    assert failures == [
        "compliance/house.yaml:21: proof/house-capital-at-risk (en): no_match example should not be flagged, "
        "but is at 1:7 'investing': Start investing today.",
        "compliance/house.yaml:21: proof/house-capital-at-risk (ro): no_match example should not be flagged, "
        "but is at 1:7 'investing': Start investing today.",
    ]
    assert re.search(r"^2 of \d+ examples failed \(1 rule\)$", result.output, re.MULTILINE)


def test_rules_test_passes_with_good_packs(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path, *(in_family(pack, "proof") for pack in (PHRASE, CAPITAL, FINANCE, PARAGRAPH))))
    result = invoke("rules", "--test", "--family", "proof")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ examples of \d+ rules passed\n", result.output)


# --- init ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ro"])
def test_init_writes_starter_files_that_pass_rules_test(tmp_path, monkeypatch, language):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--language", language, "--domain", "acme.example", "--proof-page", "https://acme.example/trust")
    assert result.exit_code == 0, result.output
    config = (tmp_path / ".postcheck.yaml").read_text()
    assert 'domains: ["acme.example"]' in config and 'pages: ["https://acme.example/trust"]' in config
    assert "  - compliance/house.yaml" in config
    checks = [r for r in json.loads(invoke("rules", "--format", "json").output) if r["pack"]]
    assert sorted(r["check"] for r in checks) == ["phrases", "require"]
    tested = invoke("rules", "--test", *(["--family", "deceptive"] if language == "ro" else []))  # en: every rule
    assert tested.exit_code == 0, tested.output


def test_the_starter_config_checks_posts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    (tmp_path / "post.md").write_text("---\nlang: en\n---\nStart investing in index funds today: your money is protected.\n")
    result = invoke("check", "--offline", "--format", "json", "post.md")
    rules = [f["rule"] for f in json.loads(result.output)["files"][0]["findings"] if "/house-" in f["rule"]]
    assert rules == ["deceptive/house-capital-at-risk", "claims/house-deposit-protection"]


@pytest.mark.parametrize("existing", [".postcheck.yaml", ".postcheck.yml", "compliance/house.yaml", "pyproject.toml"])
def test_init_never_overwrites(tmp_path, monkeypatch, existing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compliance").mkdir()
    (tmp_path / existing).write_text("[tool.postcheck]\n" if existing == "pyproject.toml" else "mine: true\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = invoke("init")
    assert result.exit_code == 2
    assert result.output == f"postcheck: error: {existing} already exists; postcheck init never overwrites (edit it, or remove it first)\n"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


# --- untrusted packs cannot hang a run ------------------------------------------------------


def test_a_house_pattern_cannot_hang_the_run(tmp_path):
    """A nested quantifier takes Python's ``re`` forever on a long run of 'a'; house patterns
    go through the built-in packs' compiler, which runs them in linear time."""
    pytest.importorskip("postcheck.linear", reason="linear-time pack regexes come with issue 14")
    evil = "(?:a+)+b"
    phrase = rule("deceptive/house-evil", f'patterns: ["{evil}"]', ["aab"], ["ac"])
    require = rule("deceptive/house-evil-require", f'require:\n  when: ["{evil}"]\n  text: ["{evil}"]', ["aab"], ["aab aab"])
    root = repo(tmp_path, phrase, require)
    (root / "post.md").write_text("a" * 20_000 + "c\n")
    done = subprocess.run(
        [sys.executable, "-m", "postcheck", "check", "--offline", "post.md"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
