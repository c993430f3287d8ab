"""Benchmark of ``postcheck server``: time from ``didChange`` to ``publishDiagnostics`` while
typing in a real 2,000-word post, the debounce excluded (``server.debounce_ms: 0``).

A real client (pygls) starts the real server over stdio, opens the post, waits for the first
diagnostics (spaCy's import and the pipelines' first build are not what typing costs), then
types: each change inserts or deletes a word in the middle of a paragraph, as an incremental
change, and waits for the diagnostics of that version before the next. Prints p50 and p95 per
post of the wall time, of the CPU time the server process spent on each change (all its threads,
from /proc; on a busy machine this is what the latency would be on an idle one), and of the CPU
time of the same check run in this process (``check_text``), so the server's own cost
(protocol, positions, scheduling) shows as the difference. Goal: p95 <= 150 ms.

    .venv/bin/python bench/lsp_bench.py [--changes 60] [POST ...]

Default posts: three real posts of about 2,000 words from ../shared/corpus (two English, one
Romanian). Not a test: figures depend on the machine and its load (printed with them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SHARED  # noqa: E402

from postcheck.commands._common import load_rules  # noqa: E402
from postcheck.runner import check_text  # noqa: E402

POSTS = [
    "corpus/real/questdb__questdb.io/blog/2020-08-19-memory-mapping-deep-dive.md",
    "corpus/real/open-telemetry__opentelemetry.io/content/en/blog/2026/blueprints-intro.md",
    "corpus/real-ro/github__opensource.guide/_articles/ro/finding-users.md",
]
WORD = " really"
CONFIG = "server:\n  debounce_ms: 0\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(values: list[float], share: float) -> str:
    return f"{percentile(values, share) * 1000:.0f}" if values else "-"


def typing_line(lines: list[str]) -> int:
    """A line of running text near the middle of the post (where a writer would be typing)."""
    middle = len(lines) // 2
    for distance in range(len(lines)):
        for index in (middle + distance, middle - distance):
            if 0 <= index < len(lines) and len(lines[index]) > 40 and lines[index][:1].isalpha():
                return index
    raise SystemExit("no line of prose to type in")


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("postcheck-bench", "1")
        self.arrived: dict[int, float] = {}
        self.waiting: dict[int, asyncio.Future[float]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            future = self.waiting.pop(params.version or 0, None)
            if future is not None and not future.done():
                future.set_result(now)

    def cpu_seconds(self) -> float | None:
        """CPU time of the server process so far, all threads (Linux), else None."""
        server = getattr(self.client, "_server", None)
        tasks = Path(f"/proc/{server.pid}/task") if server else None
        if tasks is None or not tasks.is_dir():
            return None
        total = 0
        for task in tasks.iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
        return total / 1e9

    def expect(self, version: int) -> asyncio.Future[float]:
        self.waiting[version] = asyncio.get_running_loop().create_future()
        return self.waiting[version]

    async def run(self, workspace: Path, text: str, changes: int) -> tuple[list[float], list[float]]:
        await self.client.start_io(sys.executable, "-m", "postcheck", "server")
        folder = types.WorkspaceFolder(uri=workspace.as_uri(), name="bench")
        await self.client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=workspace.as_uri(), workspace_folders=[folder])
        )
        self.client.initialized(types.InitializedParams())
        uri = (workspace / "post.md").as_uri()
        first = self.expect(1)
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await asyncio.wait_for(first, 120)
        lines = text.split("\n")
        line = typing_line(lines)
        end = len(lines[line].encode("utf-16-le")) // 2
        timings, cpu = [], []
        for version in range(2, changes + 7):  # the first five changes warm up
            inserting = version % 2 == 0
            at = types.Range(start=types.Position(line, end), end=types.Position(line, end + (0 if inserting else len(WORD))))
            change = types.TextDocumentContentChangePartial(range=at, text=WORD if inserting else "")
            arrival = self.expect(version)
            used = self.cpu_seconds()
            sent = time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
                )
            )
            received = await asyncio.wait_for(arrival, 60)
            after = self.cpu_seconds()
            if version >= 7:
                timings.append(received - sent)
                if used is not None and after is not None:
                    cpu.append(after - used)
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        return timings, cpu


def in_process(text: str, changes: int) -> list[float]:
    """CPU seconds of ``check_text`` on the same edits, in this process: the check alone."""
    registry = load_rules()
    check_text(text, registry)
    timings = []
    for index in range(changes):
        variant = text + WORD if index % 2 else text
        start = time.process_time()
        check_text(variant, registry)
        timings.append(time.process_time() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", nargs="*", type=Path, help="Markdown posts (default: three real ~2,000-word posts)")
    parser.add_argument("--changes", type=int, default=60, help="timed changes per post (default 60)")
    args = parser.parse_args()
    posts = args.posts or [SHARED / post for post in POSTS]
    print(f"postcheck server: didChange -> publishDiagnostics, debounce excluded; {args.changes} changes per post")
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'post':<40} {'words':>6} | wall p50 / p95 / max ms | server CPU p50 / p95 ms | check CPU p50 / p95 ms")
    worst = 0.0
    for post in posts:
        text = post.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="postcheck-lsp-bench-") as folder:
            workspace = Path(folder)
            (workspace / ".postcheck.yaml").write_text(CONFIG, encoding="utf-8")
            served, cpu = asyncio.run(Bench().run(workspace, text, args.changes))
        local = in_process(text, args.changes)
        p95 = percentile(served, 0.95)
        worst = max(worst, p95)
        print(
            f"{post.name[:40]:<40} {len(text.split()):>6} | {ms(served, 0.5):>8} / {ms(served, 0.95):>3} / {max(served) * 1000:.0f}"
            f" | {ms(cpu, 0.5):>14} / {ms(cpu, 0.95):>3} | {ms(local, 0.5):>14} / {ms(local, 0.95):>3}"
        )
    print(f"worst p95: {worst * 1000:.0f} ms (goal <= 150 ms): {'met' if worst <= 0.150 else 'NOT met'}")


if __name__ == "__main__":
    main()
