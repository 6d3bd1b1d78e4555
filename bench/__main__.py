"""Run every ``bench/bench_*.py`` module and record the results in docs/benchmarks.md.

Each module defines ``run() -> list[dict]``; each dict has ``name``, ``value``, ``unit``,
``target`` (a human-readable target such as "<= 20 ms") and ``ok`` (bool). The results
are printed as a table and written to docs/benchmarks.md with a description of the machine.
"""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gib}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str]) -> int:
    only = set(argv)
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    rows: list[dict] = []
    for name in modules:
        if only and name not in only:
            continue
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        for row in module.run():
            row["suite"] = name.removeprefix("bench_")
            rows.append(row)
            mark = "ok" if row["ok"] else "MISSED"
            print(
                f"  {row['name']:<55} {row['value']:>10.3f} {row['unit']:<6} target {row['target']:<12} {mark}"
            )
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    if not only:
        write_doc(rows)
    return 0 if all(r["ok"] for r in rows) else 1


def write_doc(rows: list[dict]) -> None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = "unknown"
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand. Re-run after touching anything measured.",
        "",
        f"- Machine: {machine_description()}",
        f"- Commit: {commit or 'unknown'}; date: {time.strftime('%Y-%m-%d')}",
        "",
        "| suite | measure | value | unit | target | met |",
        "|---|---|---:|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['suite']} | {r['name']} | {r['value']:.3f} | {r['unit']} | {r['target']} | "
            f"{'yes' if r['ok'] else '**no**'} |"
        )
    notes = [r for r in rows if r.get("note")]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {r['suite']} / {r['name']}: {r['note']}" for r in notes]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text("\n".join(lines) + "\n")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
