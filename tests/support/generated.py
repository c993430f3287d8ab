"""Generated posts (hypothesis) and the invariants every run must keep on them (issue 14):
no exception and no crashed check; every finding's line and column lie inside the file, and
every span ends at or after its start. Used by ``tests/test_cli_generated_posts.py`` (2,000
posts, a fixed seed) and ``bench/hostile.py --generated N``.

Posts are built from pieces that exercise every part of the parser and the checks (front
matter in YAML and TOML, valid and broken; headings with attributes, links of every kind,
HTML, code, tables, footnotes, suppressions; claim, deceptive, proof and UTM text) mixed with
random text over an alphabet of the awkward characters: Unicode white space and line
separators, control characters, combining marks, emoji, Romanian diacritics in both forms,
then joined with mixed line ends, sometimes a BOM and sometimes a byte that is not UTF-8.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.parse.source import BOM, LINE_END
from postcheck.rulepack import load_registry
from postcheck.runner import run

CONFIG = {"utm": {"domains": ["acme.example"]}, "proof": {"pages": ["https://acme.example/trust"]}}
ALPHABET = "aăâîșşțţ Z1%$#*_`[]()<>!-:=|{}\"'\\/.,?\t\u00a0\u2028\u2029\u3000\u200b\u0301\x07\x1b\x0b\x0c\x85\ufeff😀"
FRONT_MATTERS = [
    "",
    "---\ntitle: Launch\nlang: en\nchannel: linkedin\ncampaign: Fall Launch\n---\n",
    "---\ntitle: \"Caf\\u00e9 \\x41 'quoted'\"\nlang: ro\nsponsored: true\n---\n",
    "---\ntitle: >\n  folded\n  title\ndate: 2024-27-06\n---\n",
    "---\ntitle: a\x07b\n---\n",
    "---\ndate: !!timestamp x\ntags: !!set {a, b}\n---\n",
    "---\na: &a [x, x]\nb: [*a, *a]\ntitle: *a\n---\n",
    "---\ntitle: [unclosed\n---\n",
    "---\ntitle: never closed\n",
    "+++\ntitle = \"TOML\"\nlang = \"en\"\n+++\n",
    "+++\ntitle = \n+++\n",
    "---\n- a list\n---\n",
    "---\ncampaign: '!!!'\nchannel: 'ș'\n---\n",
]
PIECES = [
    "# Heading {#id .class key=\"v\"}\n", "## Setext\n---\n", "Heading\n=======\n",
    "[link](https://acme.example/a?utm_source=x&utm_campaign=A%20B) ", "[ref][r]\n\n[r]: https://acme.example/r\n",
    "<https://acme.example/auto> ", "https://acme.example/bare. ", "![img](pic.png) ", "[local](other.md#anchor) ",
    '<a href="https://acme.example/h" id="x">h</a> ', "<!-- postcheck-disable-next-line deceptive -- ok -->\n",
    "<!-- postcheck-disable claims -->", "<!-- postcheck-enable claims -->", "<div>\n<p>block</p>\n</div>\n",
    "`code` ", "```\nfenced code\n```\n", "    indented code\n", "> quote\n> > nested\n", "- item\n  - nested\n",
    "1. one\n2. two\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "text[^1]\n\n[^1]: https://example.com/source\n",
    "**bold** _em_ ~~strike~~ ", "Guaranteed results! ", "Only 3 spots left. ", "We grew 42% last year. ",
    "$5,000 a month from home. ", "Studiile arată că 7 din 10 români. ", "Our AI assistant. ", "Like and share to win! ",
    "\\* escaped \\[ ", "&amp; &copy; &#x41; ", "\n\n", "\n", "  \n", "\u00a0\n", "\u2028", "Fig. 3 shows 1,000 users. ",
]

piece = st.one_of(st.sampled_from(PIECES), st.text(alphabet=ALPHABET, max_size=12))
body = st.lists(piece, max_size=20).map("".join)
line_end = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def posts(draw: st.DrawFn) -> bytes:
    """The bytes of one generated post."""
    text = draw(st.sampled_from(FRONT_MATTERS)) + draw(body)
    ends = draw(st.lists(line_end, min_size=1, max_size=3))
    lines = text.split("\n")
    text = "".join(line + ends[index % len(ends)] for index, line in enumerate(lines[:-1])) + lines[-1]
    raw = (BOM if draw(st.booleans()) and draw(st.booleans()) else "").encode() + text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"])) + raw[at:]
    return raw


def problems(raw: bytes, folder: Path, registry, suffix: str = ".md") -> list[str]:
    """What is wrong with postcheck's run on ``raw``: an exception, a crashed check, or a
    finding outside the file."""
    path = folder / f"post{suffix}"
    path.write_bytes(raw)
    config = config_module.from_mapping(dict(CONFIG), None, root=folder)
    try:
        result = run([path], config, registry, RunOptions(offline=True))
    except Exception as error:  # noqa: BLE001 - that is the finding
        return [f"exception: {type(error).__name__}: {error}"]
    lines = _lines(raw)
    found = []
    for report in result.reports:
        for finding in [*report.findings, *report.suppressed]:
            if finding.rule == "postcheck/check-error":
                found.append(f"crash: {finding.message}")
            found += [f"{finding.rule}: {why}" for why in _outside(finding.span, lines)]
    return found


def _lines(raw: bytes) -> list[str]:
    """The file's lines as postcheck counts them (BOM not a column, any line end)."""
    text = raw.decode("utf-8", errors="replace").removeprefix(BOM)
    lines = LINE_END.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _outside(span, lines: list[str]) -> list[str]:
    why = []
    for name, position in (("start", span.start), ("end", span.end)):
        if not 1 <= position.line <= max(1, len(lines)):
            why.append(f"{name} line {position.line} of {len(lines)}")
        elif not 1 <= position.column <= len(lines[position.line - 1] if lines else "") + 1:
            why.append(f"{name} column {position.column} past line {position.line} ({len(lines[position.line - 1])} characters)")
    if (span.end.line, span.end.column) < (span.start.line, span.start.column):
        why.append(f"ends at {span.end} before it starts at {span.start}")
    return why


def check_many(count: int, seed_value: int, suffix: str = ".md") -> list[str]:
    """Run ``count`` generated posts; every problem found, with the post that caused it.
    Generation only (no shrinking: a problem is reported with the post as generated)."""
    registry = load_registry()
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="postcheck-generated-") as name:
        folder = Path(name)

        @seed(seed_value)
        @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(posts())
        def one(raw: bytes) -> None:
            found.extend(f"{problem} in {raw[:120]!r}" for problem in problems(raw, folder, registry, suffix))

        one()
    return found
