"""Start-up: launch to a usable main window on the sample project, against a bare PySide6 app.

Both run as fresh processes (offscreen), interleaved so a change in machine load
hits both alike; the first pair warms the disk cache and is not counted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.harness import Result, Target, scratch, script_env
from tests.benchmarks.projects import copy_of


def _launch(script: str, args: list[str], env: dict[str, str]) -> float:
    command = [sys.executable, str(Path(__file__).with_name(script)), *args]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait(timeout=60)
    if not line.startswith("{"):
        raise RuntimeError(f"{script} did not report ready (exit {child.returncode})")
    json.loads(line)
    return elapsed


def run(runs: int, home: Path) -> list[Result]:
    import os

    from desktop.services.sample import write_sample

    env = {**os.environ, **script_env(home)}
    work = scratch("startup")
    sample = work / "sample-master.dossier"
    os.environ["DOSSIER_HOME"] = str(home)
    write_sample(sample)
    app, bare = [], []
    for n in range(runs + 1):
        project = copy_of(sample, work, f"sample-{n}.dossier")
        a = _launch("startup_app.py", [str(project)], env)
        b = _launch("startup_bare.py", [], env)
        if n:  # the first pair only warms caches
            app.append(a)
            bare.append(b)
    return [Result("startup: window with sample project", "s", app, "bare QMainWindow", bare,
                   Target(max_value=1.5, max_ratio=1.5),
                   note="fresh process each, offscreen; launch() as `dossier PROJECT` runs it")]
