"""Run one command and measure it: wall time, CPU time and peak memory of its process tree.

CPU time is user + sys from ``wait4`` (the child's own and that of the children it waited
for: worker processes included). Peak memory is the largest sum of the PSS (proportional set
size: a page shared by forked workers counts once in all) of the process and its live
descendants, sampled every few milliseconds from /proc (Linux); the largest RSS of a single
process is printed too.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_EVERY = 0.005


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    status: int
    #: The largest resident set of one process of the tree.
    rss_mb: float = 0.0

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s wall {self.cpu:7.2f} s cpu {self.peak_mb:5.0f} MB ({self.rss_mb:.0f} MB RSS)"


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024, process.returncode, usage.ru_maxrss / 1024)


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], _tree_pss_kb(pid))
        done.wait(SAMPLE_EVERY)


def _tree_pss_kb(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("Pss:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
