"""CPU time of the web server and of the whole machine, read from Linux's /proc.

Latencies depend on how fast the machine is at the moment; the CPU time a request costs, and how
busy the machine was, say whether a change made the shop cheaper and whether the run was saturated.
"""

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSample:
    """Cumulative CPU seconds at one moment."""

    server: float  # the web server's processes (gunicorn's master and workers)
    machine_busy: float  # every CPU, running anything
    machine_stolen: float  # every CPU, taken by the hypervisor for other virtual machines
    machine_total: float  # every CPU, busy, stolen or idle


def process_stat(pid):
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces), or None
    once the process is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def child_pids(pid):
    """Ids of the processes whose parent is `pid`."""
    children = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = process_stat(entry.name)
            if fields and int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def process_cpu_seconds(pid, with_ended_children=False):
    """User and system CPU time of the process so far (with its children that ended and were
    waited for, if asked); 0 once it is gone."""
    fields = process_stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if with_ended_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS_PER_SECOND


def machine_ticks():
    """`(busy, stolen, total)` ticks of every CPU so far, from /proc/stat's first line."""
    user, nice, system, idle, iowait, irq, softirq, steal = (
        int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    busy = user + nice + system + irq + softirq
    return busy, steal, busy + steal + idle + iowait


def sample_cpu(server_pid):
    """A `CpuSample` now, for the server whose master process is `server_pid`."""
    # A worker recycled during the window counts in its master's time once it has ended.
    server = process_cpu_seconds(server_pid, with_ended_children=True)
    server += sum(map(process_cpu_seconds, child_pids(server_pid)))
    busy, stolen, total = (ticks / TICKS_PER_SECOND for ticks in machine_ticks())
    return CpuSample(server, busy, stolen, total)


def format_cpu(first, last, requests):
    """What the run cost between two `CpuSample`s in which `requests` were served."""
    if first is None or last is None or requests == 0:
        return ""
    elapsed = last.machine_total - first.machine_total
    if elapsed <= 0:
        return ""
    per_request_ms = (last.server - first.server) / requests * 1000
    busy = (last.machine_busy - first.machine_busy) / elapsed
    stolen = (last.machine_stolen - first.machine_stolen) / elapsed
    return (
        f"CPU: the web server {per_request_ms:.2f} ms per request; the machine {busy:.0%} busy, "
        f"{stolen:.0%} taken by the hypervisor"
    )
