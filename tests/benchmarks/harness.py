"""Timing, results, the printed table and bench-results.json.

Every benchmark times its subject and a baseline doing the nearest plain
equivalent, several times each, in the same run; the result keeps the median of
both, their ratio and the target the project set (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO / "bench-results.json"
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


@dataclass(frozen=True)
class Target:
    """What "good" means: an absolute limit (seconds or MB), a ratio limit, or both."""

    max_value: float | None = None
    max_ratio: float | None = None

    def met(self, value: float, ratio: float | None) -> bool:
        if self.max_value is not None and value > self.max_value:
            return False
        return not (self.max_ratio is not None and ratio is not None and ratio > self.max_ratio)

    def describe(self, unit: str) -> str:
        parts = []
        if self.max_value is not None:
            parts.append(f"< {_fmt(self.max_value, unit)}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        return " and ".join(parts) or "(report)"


@dataclass
class Result:
    name: str
    unit: str  # "s" or "MB"
    runs: list[float]
    baseline_name: str = ""
    baseline_runs: list[float] = field(default_factory=list)
    target: Target = field(default_factory=Target)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def baseline(self) -> float | None:
        return statistics.median(self.baseline_runs) if self.baseline_runs else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline
        return self.median / base if base else None

    @property
    def met(self) -> bool:
        return self.target.met(self.median, self.ratio)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = self.target.describe(self.unit)
        data.update(median=self.median, baseline=self.baseline, ratio=self.ratio, met=self.met)
        return data


def _fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


_SCRATCH: list[Path] = []


def scratch(prefix: str) -> Path:
    """A temporary folder for one benchmark's copies; removed by ``remove_scratch``."""
    folder = Path(tempfile.mkdtemp(prefix=f"dossier-{prefix}-"))
    _SCRATCH.append(folder)
    return folder


def remove_scratch() -> None:
    """Delete every scratch folder (each big-project copy is about 100 MB)."""
    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


def measure(func: Callable[[], Any], runs: int, setup: Callable[[], Any] | None = None,
            warmup: int = 0) -> list[float]:
    """Wall times of ``func()`` (``setup()`` runs untimed before each call)."""
    times = []
    for n in range(warmup + runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        if n >= warmup:
            times.append(elapsed)
    return times


def run_script(script: str, *args: str, env: dict[str, str] | None = None,
               timeout: float = 300) -> dict[str, Any]:
    """Run ``tests/benchmarks/<script>`` in a fresh interpreter; its last stdout line is JSON."""
    command = [sys.executable, str(Path(__file__).with_name(script)), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def script_env(home: Path) -> dict[str, str]:
    """A child's environment: offscreen Qt, its own config folder, the repo importable."""
    return {"QT_QPA_PLATFORM": "offscreen", "DOSSIER_HOME": str(home),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


# ---- the machine and the report ----------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    try:
        import psutil

        ram_gb = round(psutil.virtual_memory().total / 1024**3, 1)
    except ImportError:
        ram_gb = None
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": ram_gb,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_1_5_15": [round(x, 2) for x in load]}


def table(results: Sequence[Result]) -> str:
    header = ("benchmark", "median", "baseline", "ratio", "target", "ok", "runs")
    rows = [header]
    for r in results:
        base = r.baseline
        rows.append((
            r.name, _fmt(r.median, r.unit),
            f"{_fmt(base, r.unit)} ({r.baseline_name})" if base is not None else "-",
            f"{r.ratio:.2f}×" if r.ratio is not None else "-",
            r.target.describe(r.unit), "yes" if r.met else "NO", str(len(r.runs)),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(payload: dict[str, Any]) -> str:
    """The table of a bench-results.json as Markdown, for docs/performance.md."""
    lines = ["| benchmark | median | baseline | ratio | target | met | runs |",
             "|---|---:|---|---:|---|:-:|---:|"]
    for r in payload["results"]:
        unit = r["unit"]
        base = (f"{_fmt(r['baseline'], unit)} ({r['baseline_name']})"
                if r["baseline"] is not None else "–")
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "–"
        lines.append(f"| {r['name']} | {_fmt(r['median'], unit)} | {base} | {ratio} | "
                     f"{r['target']} | {'yes' if r['met'] else '**no**'} | {len(r['runs'])} |")
    return "\n".join(lines)


def write_results(results: Sequence[Result], started: float, extra: dict[str, Any]) -> None:
    payload = {
        "machine": machine(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "results": [r.as_json() for r in results],
        **extra,
    }
    RESULTS_FILE.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
