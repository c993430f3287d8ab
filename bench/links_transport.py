"""Which HTTP client the links check should use: the same 1,000 GETs, 10 in flight, against a
local server (127.0.0.1, its own process), with requests in a thread pool, aiohttp, httpx, and
postcheck's own transport (h11 over asyncio streams, :mod:`postcheck.checks.links.transport`).
Prints, for each, the time to import it in a fresh interpreter (what every cold links run
waits for before its first request) and the wall and CPU time of the GETs, at the given server
latencies.

The links check moved from requests' threads to aiohttp on these figures (as fast at the
latency of real sites, a third of the CPU), then from aiohttp to h11: as fast again, at less
CPU, and imported in a tenth of the time.

    .venv/bin/python bench/links_transport.py [--latency 0.03 0] [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import multiprocessing
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from links_bench import serve  # noqa: E402

IN_FLIGHT = 10


def with_requests(urls: list[str]) -> None:
    import requests
    from concurrent.futures import ThreadPoolExecutor
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_maxsize=IN_FLIGHT))

    def one(url: str) -> None:
        with session.get(url, stream=True, timeout=10, allow_redirects=False) as response:
            for _ in response.iter_content(65536):
                pass

    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        list(pool.map(one, urls))


async def with_aiohttp(urls: list[str]) -> None:
    import aiohttp

    slots = asyncio.Semaphore(IN_FLIGHT)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=IN_FLIGHT)) as session:

        async def one(url: str) -> None:
            async with slots, session.get(url, allow_redirects=False) as response:
                await response.read()

        await asyncio.gather(*(one(url) for url in urls))


async def with_httpx(urls: list[str]) -> None:
    import httpx

    slots = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=IN_FLIGHT)) as client:

        async def one(url: str) -> None:
            async with slots:
                await client.get(url)

        await asyncio.gather(*(one(url) for url in urls))


async def with_h11(urls: list[str]) -> None:
    """postcheck's transport, as the links check drives it (one request per slot)."""
    from yarl import URL

    from postcheck.checks.links.transport import Address, Pool

    async def resolve(host: str, port: int) -> list[Address]:
        return [Address(host=host, port=port)]

    slots = asyncio.Semaphore(IN_FLIGHT)
    pool = Pool([("User-Agent", "links_transport")], resolve, ssl.create_default_context, keep=IN_FLIGHT)

    async def one(url: str) -> None:
        async with slots:
            response = await pool.request("GET", URL(url), {})
            await response.read()
            response.release()

    try:
        await asyncio.gather(*(one(url) for url in urls))
    finally:
        pool.close()


CLIENTS: dict[str, Callable[[list[str]], object]] = {
    "requests": with_requests,
    "aiohttp": lambda urls: asyncio.run(with_aiohttp(urls)),
    "httpx": lambda urls: asyncio.run(with_httpx(urls)),
    "h11": lambda urls: asyncio.run(with_h11(urls)),
}
#: What each client's import brings in (asyncio too for the asyncio ones).
IMPORTS = {"requests": "requests", "aiohttp": "asyncio, aiohttp", "httpx": "asyncio, httpx", "h11": "asyncio, h11"}


def import_time(modules: str) -> float:
    """Seconds to import ``modules`` in a fresh interpreter (the median of three)."""
    code = f"import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"
    times = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(3))
    return times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.03, 0.0])
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    for latency in args.latency:
        conn, child = multiprocessing.Pipe()
        server = multiprocessing.get_context("spawn").Process(target=serve, args=(child, latency), daemon=True)
        server.start()
        base = conn.recv()
        urls = [f"{base}/ok/{i}" for i in range(args.requests)]
        print(f"{args.requests} GETs, {IN_FLIGHT} in flight, server latency {latency * 1000:.0f} ms "
              f"(floor {args.requests * latency / IN_FLIGHT:.2f} s)")
        try:
            for name, client in CLIENTS.items():
                if importlib.util.find_spec(name) is None:
                    print(f"  {name:9} not installed")
                    continue
                imported = import_time(IMPORTS[name])
                started, cpu = time.perf_counter(), time.process_time()
                client(urls)
                print(f"  {name:9} import {imported:5.3f} s   wall {time.perf_counter() - started:5.2f} s   "
                      f"client CPU {time.process_time() - cpu:5.2f} s")
        finally:
            conn.send("stop")
            server.join(10)


if __name__ == "__main__":
    main()
