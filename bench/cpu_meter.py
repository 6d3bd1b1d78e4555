"""Where a benchmark's processor time went: CPU seconds of process trees, of this process's
finished children and of the whole machine, read from /proc (Linux; elsewhere every figure is 0);
and the child processes and resident memory of a process (the hardening bench and tests use them)."""

from __future__ import annotations

import os
import resource
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stats() -> dict[int, tuple[int, float, float]]:
    """pid → (parent pid, own CPU seconds, CPU seconds of its waited-for children)."""
    out = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        own = (int(fields[11]) + int(fields[12])) / TICK
        out[int(folder.name)] = (int(fields[1]), own, (int(fields[13]) + int(fields[14])) / TICK)
    return out


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    return [child for child, (parent, _own, _gone) in _stats().items() if parent == pid]


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (VmRSS; NaN where it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def tree_seconds(root: int | None) -> float:
    """CPU seconds of ``root`` and its live descendants, with the children ``root`` has waited for
    (a PostgreSQL backend that ended, for instance)."""
    stats = _stats()
    if root is None or root not in stats:
        return 0.0
    tree, grew = {root}, True
    while grew:
        new = {pid for pid, (parent, _own, _gone) in stats.items() if parent in tree} - tree
        tree |= new
        grew = bool(new)
    return sum(stats[pid][1] for pid in tree) + stats[root][2]


def find_process(*words: str) -> int | None:
    """The first process whose command line holds every one of ``words`` (None: none)."""
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            line = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if all(w in line for w in words):
            return int(folder.name)
    return None


def machine_seconds() -> tuple[float, float]:
    """(busy, all) core-seconds of the machine since it started."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0, 0.0
    ticks = [int(t) for t in first[:8]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK, sum(ticks) / TICK


def children_seconds() -> float:
    """CPU seconds of this process's children that have ended and been waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class Meter:
    """CPU seconds spent between start and :meth:`stop`: per named process tree, by this process's
    children that ended meanwhile (``children``), and by the machine (``busy``, ``all``)."""

    def __init__(self, trees: dict[str, int | None]) -> None:
        self.trees = trees
        self.start = self._read()

    def _read(self) -> dict[str, float]:
        busy, total = machine_seconds()
        found = {name: tree_seconds(pid) for name, pid in self.trees.items()}
        return found | {"children": children_seconds(), "busy": busy, "all": total}

    def stop(self) -> dict[str, float]:
        end = self._read()
        return {key: end[key] - self.start[key] for key in end}


def cpu_note(spent: dict[str, float], answered: int) -> str:
    """Where the processor time of the run went, per answered request and in shares of the machine."""
    if not answered or not spent.get("all"):
        return "CPU not measured here"
    each = {k: spent[k] / answered * 1000 for k in ("server", "postgres", "children")}
    others = max(0.0, spent["busy"] - spent["server"] - spent["postgres"] - spent["children"])
    return (
        f"CPU per answered request: server {each['server']:.2f} ms, PostgreSQL {each['postgres']:.2f} ms, "
        f"load generator {each['children']:.2f} ms; the cores were {spent['busy'] / spent['all']:.0%} busy, "
        f"{others / spent['all']:.0%} of them with other jobs"
    )
