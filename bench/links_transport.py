"""Which HTTP client the links check should use: the same 1,000 GETs, 10 in flight, against a
local server (127.0.0.1, its own process), with requests in a thread pool, aiohttp and httpx
(asyncio). Prints wall time and the client's CPU time for each, at the given server latencies.

The links check moved from requests' threads to aiohttp on these figures: as fast at the
latency of real sites, a third of the CPU, and twice as fast when the server answers at once.

    .venv/bin/python bench/links_transport.py [--latency 0.03 0] [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import multiprocessing
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


CLIENTS: dict[str, Callable[[list[str]], object]] = {
    "requests": with_requests,
    "aiohttp": lambda urls: asyncio.run(with_aiohttp(urls)),
    "httpx": lambda urls: asyncio.run(with_httpx(urls)),
}


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
                started, cpu = time.perf_counter(), time.process_time()
                client(urls)
                print(f"  {name:9} wall {time.perf_counter() - started:5.2f} s   client CPU {time.process_time() - cpu:5.2f} s")
        finally:
            conn.send("stop")
            server.join(10)


if __name__ == "__main__":
    main()
