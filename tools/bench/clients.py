"""Load from real clients in several processes, so the client is not the bottleneck.

Standard library HTTP (one keep-alive connection per session, one thread per session)
and the `websockets` client. Nothing here imports Django: the client processes are
spawned fresh and only talk to the server over loopback.
"""

from __future__ import annotations

import asyncio
import http.client
import math
import multiprocessing
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Session:
    """One user's requests, in order: (method, path, body or None). `repeat` starts over at the end."""

    host: str
    cookies: dict[str, str]
    steps: list[tuple[str, str, bytes | None]]
    repeat: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadStats:
    latencies: list[float]
    statuses: Counter
    received_bytes: int
    seconds: float

    @property
    def ok(self) -> int:
        return sum(count for status, count in self.statuses.items() if 200 <= status < 400)

    @property
    def errors(self) -> int:
        return sum(self.statuses.values()) - self.ok

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]


def _session_thread(port: int, session: Session, start_at: float, deadline: float, out: list, lock):
    latencies, statuses, received = [], Counter(), 0
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    headers = {"Host": session.host, "Cookie": cookie, **session.headers}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.time() < start_at:
        time.sleep(0.005)
    index = 0
    while time.time() < deadline:
        if index >= len(session.steps):
            if not session.repeat:
                break
            index = 0
        method, path, body = session.steps[index]
        index += 1
        request_headers = dict(headers)
        if body is not None:
            request_headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=request_headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
            if response.getheader("connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            status, payload = 599, b""
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append(time.perf_counter() - started)
        statuses[status] += 1
        received += len(payload)
    connection.close()
    with lock:
        out.append((latencies, statuses, received))


def _load_process(port: int, sessions: list[Session], start_at: float, duration: float):
    out: list = []
    lock = threading.Lock()
    deadline = start_at + duration
    threads = [threading.Thread(target=_session_thread, args=(port, s, start_at, deadline, out, lock), daemon=True)
               for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    latencies, statuses, received = [], Counter(), 0
    for part_latencies, part_statuses, part_received in out:
        latencies += part_latencies
        statuses += part_statuses
        received += part_received
    return latencies, dict(statuses), received


def http_load(port: int, sessions: list[Session], *, duration: float, processes: int = 4) -> LoadStats:
    """Run every session at once for `duration` seconds (or until their steps run out),
    spread over `processes` client processes."""
    processes = max(1, min(processes, len(sessions)))
    groups = [sessions[i::processes] for i in range(processes)]
    start_at = time.time() + 2.0  # every process starts together, after spawning
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        parts = pool.starmap(_load_process, [(port, group, start_at, duration) for group in groups])
    latencies, statuses, received = [], Counter(), 0
    for part_latencies, part_statuses, part_received in parts:
        latencies += part_latencies
        statuses.update(part_statuses)
        received += part_received
    return LoadStats(latencies=latencies, statuses=statuses, received_bytes=received, seconds=duration)


def sequential(port: int, session: Session, *, repeat: int) -> LoadStats:
    """One client, one request at a time: latency of a path on an otherwise idle server."""
    out: list = []
    looped = Session(host=session.host, cookies=session.cookies, steps=session.steps * repeat,
                     headers=session.headers)
    started = time.time()
    _session_thread(port, looped, started, started + 600, out, threading.Lock())
    latencies, statuses, received = out[0]
    return LoadStats(latencies=latencies, statuses=statuses, received_bytes=received,
                     seconds=time.time() - started)


# --- Websockets ---------------------------------------------------------------------------


@dataclass
class SocketSpec:
    host: str
    path: str
    cookie: str


async def _one_socket(port: int, spec: SocketSpec, open_at: float, hold_until: float, stats: dict):
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    origin = f"http://{spec.host}:{port}"
    await asyncio.sleep(max(0.0, open_at - time.time()))
    started = time.perf_counter()
    try:
        socket = await connect(f"ws://{spec.host}:{port}{spec.path}", host="127.0.0.1", port=port,
                               origin=origin, additional_headers={"Cookie": spec.cookie},
                               open_timeout=30, ping_interval=None, close_timeout=10)
        await asyncio.wait_for(socket.recv(), timeout=30)
        stats["first"].append(time.perf_counter() - started)
    except Exception as error:  # a refused or failed socket is what is counted here
        stats["connect_errors"].append(type(error).__name__)
        return
    try:
        while time.time() < hold_until:
            try:
                await asyncio.wait_for(socket.recv(), timeout=max(0.1, hold_until - time.time()))
            except asyncio.TimeoutError:
                break
    except ConnectionClosed:
        stats["drops"] += 1
        return
    try:
        await socket.close()
    except Exception as error:
        stats["close_errors"].append(type(error).__name__)


def _socket_process(port: int, specs: list[SocketSpec], start_at: float, hold: float, rate: float):
    async def run():
        stats = {"first": [], "connect_errors": [], "drops": 0, "close_errors": []}
        # Sockets open at a steady rate; all are held `hold` seconds after the last opened.
        hold_until = start_at + len(specs) / rate + hold
        await asyncio.gather(*(_one_socket(port, spec, start_at + index / rate, hold_until, stats)
                               for index, spec in enumerate(specs)))
        return stats

    return asyncio.run(run())


def hold_sockets(port: int, specs: list[SocketSpec], *, hold: float, processes: int = 4,
                 rate: float = 100.0) -> dict:
    """Open every socket, `rate` a second in all, wait for each one's first message, hold
    them all for `hold` seconds, close them."""
    processes = max(1, min(processes, len(specs)))
    groups = [specs[i::processes] for i in range(processes)]
    start_at = time.time() + 2.0
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        parts = pool.starmap(_socket_process, [(port, group, start_at, hold, rate / processes) for group in groups])
    total = {"first": [], "connect_errors": [], "drops": 0, "close_errors": []}
    for part in parts:
        total["first"] += part["first"]
        total["connect_errors"] += part["connect_errors"]
        total["drops"] += part["drops"]
        total["close_errors"] += part["close_errors"]
    return total
