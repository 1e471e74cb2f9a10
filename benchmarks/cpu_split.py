"""CPU seconds used by a load test's server, its chromium and everything else, from /proc (Linux).

benchmarks/load.py runs this while its sessions run: when latency is high, it tells whether the
server or the browsers (or other work on the machine) used the cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path

#: Processes this script accounts for by name; the rest of the machine is "other".
OWNERS = ("server", "chromium", "driver")


def _proc_stats() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds) of every process, from /proc (Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    table: dict[int, tuple[int, str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, rest = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(rest[1]), name, (int(rest[11]) + int(rest[12])) / tick)
    return table


def _machine_cpu() -> float:
    """CPU seconds used by everything on the machine since boot (/proc/stat, all cores)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    busy = sum(int(fields[i]) for i in (0, 1, 2, 5, 6, 7))  # user nice system irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _owner(pid: int, table: dict[int, tuple[int, str, float]], server_pid: int | None) -> str:
    """'server', 'chromium', 'driver' (this script and Playwright's node) or 'other', by ancestry."""
    me, seen = os.getpid(), pid
    while seen > 1 and seen in table:
        if seen == server_pid:
            return "server"
        if seen == me:
            return "chromium" if "chrom" in table[pid][1] else "driver"
        seen = table[seen][0]
    return "other"


async def cpu_sampler(server_pid: int | None, stop: asyncio.Event) -> dict[str, float]:
    """CPU seconds per owner while the sessions run, sampled each second (ended processes keep theirs)."""
    if not Path("/proc/stat").exists():
        return {}
    first = _proc_stats()
    base = {pid: cpu for pid, (_, _, cpu) in first.items()}
    latest: dict[int, tuple[str, float]] = {}
    machine, started = _machine_cpu(), time.monotonic()
    while True:
        table = _proc_stats()
        for pid, (_, _, cpu) in table.items():
            latest[pid] = (_owner(pid, table, server_pid), cpu - base.get(pid, 0.0))
        if stop.is_set():
            break
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)
    cpu = {owner: sum(used for who, used in latest.values() if who == owner) for owner in OWNERS}
    cpu["machine"] = _machine_cpu() - machine
    cpu["other"] = cpu["machine"] - sum(cpu[k] for k in OWNERS)
    cpu["available"] = (time.monotonic() - started) * (os.cpu_count() or 1)
    return cpu
