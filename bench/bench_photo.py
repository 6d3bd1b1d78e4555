"""Photo measurement: one image end to end (decode, detect, angles, overlay), model load, peak memory.

The images are rendered ground-truth photos (tests/photo/render.py, MuJoCo offscreen): the Thomas
position (lying, so the detector tries turned copies) and a standing side view. Peak RSS is taken
in a fresh process that imports everything, loads the model and measures 10 photos.

``python -m bench bench_photo`` prints the rows; ``python -m bench.bench_photo --write`` also puts
them into docs/benchmarks.md (replacing earlier photo rows, keeping every other suite's).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RSS_SCRIPT = """
import sys, time
sys.path[:0] = [{root!r}, {src!r}]
from pathlib import Path
from psoas.photo import overlay
from psoas.photo.image import decode
from psoas.photo.measure import measure_photo
photos = [Path(p).read_bytes() for p in {paths!r}]
for i in range(10):
    data = photos[i % len(photos)]
    photo = decode(data)
    m = measure_photo(photo, {views!r}[i % len(photos)])
    overlay.svg(m, photo)
# VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would count the (large) forked parent
hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
print(int(hwm.split()[1]) / 1024)
"""


def _images(folder: Path) -> list[tuple[str, Path]]:
    sys.path.insert(0, str(ROOT))
    from tests.photo import render

    out = []
    for view, scene in (("thomas", render.thomas(10, 80)), ("side", render.standing(10, 0))):
        path = folder / f"{scene.name}.png"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render.render(scene))
        out.append((view, path))
    return out


def _end_to_end_ms(view: str, data: bytes, repeats: int = 21) -> tuple[float, float]:
    from psoas.photo import overlay
    from psoas.photo.image import decode
    from psoas.photo.measure import measure_photo

    def once() -> None:
        photo = decode(data)
        m = measure_photo(photo, view)
        overlay.svg(m, photo)

    once()
    times, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        once()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu)


def _model_load_s() -> tuple[float, float]:
    started = time.perf_counter()
    import mediapipe  # noqa: F401

    imported = time.perf_counter() - started
    from psoas.photo import model

    model.close()
    started = time.perf_counter()
    model.landmarker()
    return imported, time.perf_counter() - started


def _peak_rss_mb(images: list[tuple[str, Path]]) -> float:
    script = RSS_SCRIPT.format(
        root=str(ROOT), src=str(ROOT / "src"), paths=[str(p) for _, p in images], views=[v for v, _ in images]
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    import tempfile

    images = _images(Path(tempfile.gettempdir()) / "psoas-bench-photo")
    imported_s, load_s = _model_load_s()
    rows = []
    cpu_rows = []
    for view, path in images:
        ms, cpu_ms = _end_to_end_ms(view, path.read_bytes())
        name = f"one photo end to end, {view} view 960x720 (decode, detect, angles, SVG overlay), median warm"
        rows.append(_row(name, ms, "ms", 150.0))
        cpu_rows.append(
            {
                "name": f"same, {view} view: CPU time of the process (all threads), median",
                "value": cpu_ms,
                "unit": "ms",
                "target": "info",
                "ok": True,
            }
        )
    rows[0]["note"] = (
        "3 detector passes: a lying person is read turned a quarter turn and in the mirror image, and "
        "every photo gets one more pass with the person greyed out, to refuse a second person"
    )
    cpu_rows[0]["note"] = "CPU time does not grow when other jobs hold the cores; wall time does"
    rows += cpu_rows
    rows.append(_row("pose model load (landmarker created from the .task file)", load_s, "s", 1.0))
    rows.append(_row("peak RSS, fresh process: imports, model, 10 photos", _peak_rss_mb(images), "MB", 400.0))
    rows.append(
        {
            "name": "import mediapipe (first import in the process)",
            "value": imported_s,
            "unit": "s",
            "target": "info",
            "ok": True,
        }
    )
    return rows


def _row(name: str, value: float, unit: str, target: float) -> dict:
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "target": f"<= {target:g} {unit}",
        "ok": value <= target,
    }


def write(rows: list[dict]) -> None:
    """Replace the photo rows (and notes) of docs/benchmarks.md with these."""
    doc = ROOT / "docs" / "benchmarks.md"
    lines = doc.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith("| photo |") and not ln.startswith("- photo / ")]
    table = [
        f"| photo | {r['name']} | {r['value']:.3f} | {r['unit']} | {r['target']} | {'yes' if r['ok'] else '**no**'} |"
        for r in rows
    ]
    last = max(i for i, ln in enumerate(lines) if ln.startswith("| "))
    lines[last + 1 : last + 1] = table
    notes = [f"- photo / {r['name']}: {r['note']}" for r in rows if r.get("note")]
    if "Notes:" not in lines:
        lines += ["", "Notes:", ""]
    lines += notes
    import os

    from bench.__main__ import machine_description

    load = os.getloadavg()[0]
    lines.append(
        f"- photo: measured on {machine_description()}, {time.strftime('%Y-%m-%d')}, "
        f"load average {load:.1f} (other jobs were sharing the cores)"
    )
    lines = [
        ln
        for i, ln in enumerate(lines)
        if not (ln.startswith("- photo: measured on") and i != len(lines) - 1)
    ]
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    result = run()
    print(json.dumps(result, indent=2))
    if "--write" in sys.argv:
        write(result)
