"""Pathological posts, generated: each a way a post in a pull request could make postcheck
hang, crash or eat memory (issue 14). Used by ``tests/test_cli_pathological.py`` (CI sizes,
with a time budget) and ``bench/hostile.py`` (bigger sizes, with timings).

Each case builds the bytes of one post at a size ``n`` (what ``n`` counts differs per case:
repetitions of the adversarial unit), plus the config it needs.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

UTM = {"utm": {"domains": ["acme.example"]}}
#: Memory a case may use (the alias bomb took 4.3 GB before issue 14).
MEMORY = 2 << 30
OWNED = "---\nchannel: linkedin\ncampaign: launch\n---\n"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[int], str | bytes]
    #: Size for the test suite (a few hundred KB at most) and for the bench.
    ci: int
    bench: int
    config: dict[str, Any] = field(default_factory=dict)
    suffix: str = ".md"
    #: Seconds the test allows, where the default is too tight for a case that is linear but
    #: heavy (None: the test's default).
    budget: float | None = None

    def post(self, n: int) -> bytes:
        data = self.build(n)
        return data if isinstance(data, bytes) else data.encode("utf-8")


def _alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\nchannel: *a{levels - 1}\n---\nGuaranteed results.\n"


def _nested_list(n: int) -> str:
    return "".join("  " * i + "- a\n" for i in range(n))


CASES: list[Case] = [
    # Regexes (issue 14's measured cases, then what the generated attacks found).
    Case("heading attributes a=aa=a…", lambda n: "# Title {" + "a=a" * n + "\n", 30, 20_000),
    Case("heading attributes {a=\"x {a=\"x…", lambda n: "# T " + '{a="x ' * n + "\n", 2_000, 100_000),
    Case("deceptive/fake-followers on 1,1,1,…", lambda n: "Buy " + "1," * n + "\n", 20_000, 200_000),
    Case("deceptive/income-claim on spaces", lambda n: "Earn 5" + " " * n + "x\n", 40_000, 500_000),
    Case("deceptive/engagement-bait on like like…", lambda n: "like " * n + "\n", 20_000, 200_000),
    Case("HTML anchors <a <a <a… (inline)", lambda n: "Text " + "<a " * n + "\n", 5_000, 200_000),
    Case("HTML anchors <a <a <a… (block)", lambda n: "<div>\n" + "<a " * n + "\n", 10_000, 200_000),
    Case("HTML attributes href=\"…", lambda n: "<div>\n" + 'href="' * n + "\n", 2_000, 50_000),
    Case("HTML comments <!-- <!-- …", lambda n: "<!--\n" + "<!-- " * n + "\n", 10_000, 200_000),
    Case("title escapes \\x41…", lambda n: '---\ntitle: "' + "\\x41" * n + '"\n---\nBody.\n', 10_000, 100_000),
    Case("reference definition spacing", lambda n: "[a]:" + " \t" * n + "\n", 20_000, 200_000),
    Case("bare URLs in one paragraph", lambda n: " ".join(f"https://a{i}.example/p" for i in range(n)) + "\n", 8_000, 40_000, budget=30.0),  # ~2.3 s CPU: 8,000 links each parsed and judged
    # UTM values come from links: untrusted.
    Case("utm e-mail regex on aaaa…", lambda n: OWNED + f"[x](https://acme.example/?utm_campaign={'a' * n}@x)\n", 30_000, 1_000_000, UTM),
    Case("utm GA4 regex on cpcp…%0A", lambda n: OWNED + f"[x](https://acme.example/?utm_medium={'cp' * n}%0Ax)\n", 20_000, 1_000_000, UTM),
    Case("utm many HTML links on one line", lambda n: OWNED + '<a href="https://acme.example/x">x</a> ' * n + "\n", 2_000, 50_000, UTM),
    # spaCy (claims).
    Case("spaCy tokenizer on $$$$…", lambda n: "We grew 42% last year " + "$" * n + "\n", 8_000, 100_000),
    Case("spaCy tokenizer on %%%%…", lambda n: "We grew 42% last year " + "%" * n + "\n", 8_000, 100_000),
    Case("spaCy tokenizer on $%$%…", lambda n: "We grew 42% last year " + "$%" * n + "\n", 4_000, 50_000),
    # Linear, but every one of its ~230,000 tokens goes through the claims matchers: about
    # 12 s of CPU on the 2-core machine since issue 12's richer patterns (it crashed before).
    Case("paragraph over 1,000,000 characters (spaCy E088)", lambda n: "We grew 42% in a year " * n + "\n", 46_000, 100_000, budget=45.0),
    # Front matter.
    Case("YAML alias bomb (416 bytes)", lambda n: _alias_bomb(n), 9, 12),
    Case("YAML nested [[[[…", lambda n: "---\nx: " + "[" * n + "]" * n + "\n---\nBody.\n", 2_000, 100_000),
    Case("TOML nested [[[[…", lambda n: "+++\nx = " + "[" * n + "]" * n + "\n+++\nBody.\n", 2_000, 100_000),
    Case("control characters in front matter", lambda n: "---\ntitle: " + "a\x07" * n + "\n---\nBody.\n", 100, 100_000),
    # Markdown structure (CommonMark's own pathological tests, and more).
    Case("nested brackets [[[[a]]]]", lambda n: "[" * n + "a" + "]" * n + "\n", 2_000, 100_000),
    Case("unclosed links [a](b [a](b …", lambda n: "[a](b " * n + "\n", 2_000, 100_000),
    Case("link openers [a [a [a…", lambda n: "[a " * n + "\n", 2_000, 100_000),
    Case("emphasis *a **a *a…", lambda n: "*a **a " * n + "\n", 2_000, 100_000),
    Case("emphasis closers a*** a***…", lambda n: "a*** " * n + "\n", 2_000, 100_000),
    Case("backticks ` `` ```…", lambda n: " ".join("`" * i for i in range(1, n)) + "\n", 300, 3_000),
    Case("nested block quotes >>>>", lambda n: ">" * n + " a\n", 2_000, 100_000),
    Case("nested lists", _nested_list, 300, 10_000),
    Case("table with many columns", lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "1|" * n + "\n", 500, 20_000),
    Case("many identical headings", lambda n: "# Same\n\n" * n, 1_000, 50_000),
    Case("many footnote references", lambda n: "Text" + "[^1]" * n + "\n\n[^1]: https://example.com\n", 2_000, 100_000),
    Case("many suppression comments", lambda n: "<!-- postcheck-disable-next-line deceptive -->\nGuaranteed results.\n" * n, 3_000, 20_000),
    Case("one line of letters", lambda n: "a" * n + "\n", 200_000, 5_000_000),
    Case("short lines, CR line ends", lambda n: "a\r" * n, 20_000, 500_000),
    Case("MDX imports", lambda n: "import x from 'y'\n" * n + "Body.\n", 5_000, 200_000, suffix=".mdx"),
]


def run_case(case: Case, size: int) -> tuple[float, int, str]:
    """Seconds, findings, and what went wrong (a crashed check), for one case run through
    the API the CLI uses (``runner.run`` on a file, offline)."""
    from postcheck import config as config_module
    from postcheck.checks import RunOptions
    from postcheck.rulepack import load_registry
    from postcheck.runner import run

    registry = load_registry()
    with tempfile.TemporaryDirectory(prefix="postcheck-hostile-") as folder:
        root = Path(folder)
        post = root / f"post{case.suffix}"
        post.write_bytes(case.post(size))
        config = config_module.from_mapping(dict(case.config), None, root=root)
        start = time.perf_counter()
        result = run([post], config, registry, RunOptions(offline=True))
        took = time.perf_counter() - start
    findings = [f for report in result.reports for f in report.findings]
    crashes = [f.message for f in findings if f.rule == "postcheck/check-error"]
    return took, len(findings), crashes[0][:90] if crashes else ""


def _child(case: Case, size: int, pipe: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    try:
        pipe.send(run_case(case, size))
    except BaseException as error:  # noqa: BLE001 - the point is to report it
        pipe.send((-1.0, 0, f"exception: {type(error).__name__}: {str(error)[:70]}"))


def measure(case: Case, size: int, limit: float) -> tuple[float, int, str]:
    """:func:`run_case` in a forked child with :data:`MEMORY`; a child still running after
    ``limit`` seconds is killed (a hang is reported, not suffered)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(case, size, send))
    start = time.perf_counter()
    child.start()
    if not receive.poll(limit):
        child.kill()
        child.join()
        return time.perf_counter() - start, 0, f"killed after {limit:.0f} s"
    result = receive.recv()
    child.join()
    return result
