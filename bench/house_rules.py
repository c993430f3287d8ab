"""What house rules cost: loading packs, running ``require`` rules over the real corpus, and
``postcheck rules --test``.

Uses the starter packs ``postcheck init`` writes (English and Romanian) as the house rules, and
the shared real-post corpus (../shared/corpus/real and real-ro). Prints wall and CPU times and
what the starter rules flag on real posts (each hit is a candidate false positive: the corpus
is documentation and blog writing, mostly not about investing).

    .venv/bin/python bench/house_rules.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.commands.init import STARTER
from postcheck.discover import collect
from postcheck.examples import failing_examples
from postcheck.housepacks import load_house_packs
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents, parse_targets

from deceptive_corpus import shared  # the same lookup of ../shared (bench/ is on the path)


def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="postcheck-house-bench-") as folder:
        root = Path(folder)
        (root / "compliance").mkdir()
        for lang in ("en", "ro"):
            shutil.copy(STARTER / f"house.{lang}.yaml", root / "compliance" / f"house.{lang}.yaml")
        config = config_module.from_mapping({"rule_packs": ["compliance"]}, root / ".postcheck.yaml", root=root)
        registry, wall, cpu = timed(load_registry)
        print(f"built-in packs: {len(registry.rules)} rules loaded in {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
        _, wall, cpu = timed(lambda: load_house_packs(registry, config))
        house = [rule for rule in registry.rules.values() if rule.house]
        print(f"starter house packs (en + ro): {len(house)} rules in {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU")

        corpus = shared() / "corpus"
        run_config = config_module.from_mapping({}, None, root=corpus)
        docs = parse_targets(collect([corpus / "real", corpus / "real-ro"], run_config), run_config)
        require_rules = {rule.id for rule in registry.for_check("require")}
        _, _, base = timed(lambda: check_documents(docs, run_config, registry, set(), RunOptions(offline=True)))
        report, wall, cpu = timed(lambda: check_documents(docs, run_config, registry, require_rules, RunOptions(offline=True)))
        hits = Counter(f.rule for r in report.reports for f in r.findings if f.rule in require_rules)
        print(f"require rules ({len(require_rules)}) over {len(docs)} real posts: {wall:.2f} s wall, {cpu:.2f} s CPU, "
              f"of which the rules {max(cpu - base, 0):.2f} s ({max(cpu - base, 0) / max(len(docs), 1) * 1000:.2f} ms per post; "
              f"the rest is the run's reports and suppressions)")
        for rule_id, count in sorted(hits.items()):
            print(f"  {rule_id}: {count} posts flagged")
        if "--list" in sys.argv:
            for r in report.reports:
                for f in (f for f in r.findings if f.rule in require_rules):
                    print(f"    {r.path}:{f.span.start.line}: {f.rule} {f.excerpt!r}")

        (count, failures), wall, cpu = timed(lambda: failing_examples(registry, registry.sorted()))
        print(f"rules --test: {count} examples of {len(registry.rules)} rules, {len(failures)} failed, "
              f"{wall:.2f} s wall, {cpu:.2f} s CPU (spaCy's first load included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
