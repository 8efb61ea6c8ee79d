"""Ratio 4: the wall time of a whole Python process that activates the extension.

Three commands run as separate processes of the same interpreter:

- the extension: ``import moto, moto_ses_tracking; moto_ses_tracking.activate()``;
- the fair baseline: ``import moto`` plus every moto module that the first
  command ends up importing, so both processes load the same moto code and
  differ only by the extension's own modules and patching. ``activate()``
  imports moto's SES and SESv2 modules, which a process that mocks SES loads
  on its first SES call anyway;
- the literal baseline: ``import moto`` alone, reported for information.

The children use a bytecode cache in a fresh temporary directory
(``PYTHONPYCACHEPREFIX``), filled by untimed warm-up runs, so that no side
compiles source while timed, even where ``PYTHONDONTWRITEBYTECODE`` is set or
the package is installed in editable mode.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from harness import Comparison, ComparisonResult, Settings, Side, run_rounds, summarize

EXTENSION = "import moto, moto_ses_tracking; moto_ses_tracking.activate()"
MOTO_ONLY = "import moto"

_LIST_MOTO_MODULES = (
    "import json, sys\n"
    "{code}\n"
    "names = [name for name in sys.modules if name == 'moto' or name.startswith('moto.')]\n"
    "print(json.dumps(names))"
)


@dataclass
class StartupResults:
    """The comparisons of ratio 4 and how the fair baseline was built."""

    target: ComparisonResult
    literal: ComparisonResult
    notes: list[str]


def _child_environment(cache_directory: str) -> dict[str, str]:
    """Return the environment of the timed processes: the caller's, with a bytecode cache."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = cache_directory
    return environment


def _run_python(code: str, environment: dict[str, str]) -> str:
    """Run ``python -c code`` and return its standard output.

    :raises RuntimeError: when the process exits with a non-zero status.
    """
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"python -c {code[:200]!r} exited with status {completed.returncode}: "
            f"{completed.stderr[-2000:]}"
        )
    return completed.stdout


def _moto_modules(code: str, environment: dict[str, str]) -> list[str]:
    """Return the moto modules, in import order, that a process running ``code`` has loaded."""
    output = _run_python(_LIST_MOTO_MODULES.format(code=code), environment)
    modules: list[str] = json.loads(output.strip().splitlines()[-1])
    return modules


def _children_cpu_seconds() -> float:
    """Return the user and system CPU seconds of all waited-for child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_side(label: str, code: str, environment: dict[str, str]) -> Side:
    """Return a side whose one call runs ``python -c code`` to completion."""

    def start(_: object) -> None:
        completed = subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"python -c {code[:200]!r} exited with {completed.returncode}")

    return Side(label, lambda count: [None] * count, start)


def run_startup_benchmark(settings: Settings, progress: Callable[[str], None]) -> StartupResults:
    """Time the three commands in interleaved rounds and compute ratio 4.

    :raises RuntimeError: when a command fails, or when the fair baseline does
        not load the same moto modules as the extension's process.
    """
    cache_directory = tempfile.mkdtemp(prefix="moto-ses-tracking-pycache-")
    try:
        environment = _child_environment(cache_directory)
        extension_modules = _moto_modules(EXTENSION, environment)
        fair_baseline = "import moto\n" + "\n".join(
            f"import {name}" for name in extension_modules if name != "moto"
        )
        baseline_modules = _moto_modules(fair_baseline, environment)
        if set(baseline_modules) != set(extension_modules):
            differing = sorted(set(extension_modules) ^ set(baseline_modules))
            raise RuntimeError(f"The fair baseline loads different moto modules: {differing[:20]}")
        moto_only_count = len(_moto_modules(MOTO_ONLY, environment))

        sides = [
            _process_side("extension", EXTENSION, environment),
            _process_side("same moto modules", fair_baseline, environment),
            _process_side("import moto", MOTO_ONLY, environment),
        ]
        # Two untimed runs of each command fill the bytecode cache and the OS file cache.
        run_rounds(sides, rounds=1, chunks=2, chunk_size=1)
        rounds = run_rounds(
            sides,
            settings.process_rounds,
            chunks=settings.process_runs,
            chunk_size=1,
            cpu_clock=_children_cpu_seconds,
            progress=progress,
        )
    finally:
        shutil.rmtree(cache_directory, ignore_errors=True)

    target = summarize(
        Comparison(
            "4",
            "Process: import moto + moto_ses_tracking, activate() / import moto + the same "
            "moto modules",
            "extension",
            "same moto modules",
            1.10,
            judge_by="wall",
        ),
        rounds,
        unit="process",
    )
    literal = summarize(
        Comparison(
            "4x",
            "Process: import moto + moto_ses_tracking, activate() / `import moto` alone",
            "extension",
            "import moto",
            None,
            judge_by="wall",
        ),
        rounds,
        unit="process",
    )
    notes = [
        f"Ratio 4: `import moto` alone loads {moto_only_count} moto modules. The "
        f"extension's process loads {len(extension_modules)}, because `activate()` imports "
        "moto's SES and SESv2 modules. The fair baseline imports those same "
        f"{len(extension_modules)} modules without the extension. The CPU column is the "
        "children's user plus system time."
    ]
    return StartupResults(target, literal, notes)
