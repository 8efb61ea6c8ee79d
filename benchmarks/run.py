"""Measure what the moto-ses-tracking extension costs, and print the results in Markdown.

Usage, from the repository root with the package and ``moto[server]``
installed::

    python benchmarks/run.py            # the full run, about 5 minutes on 2 cores
    python benchmarks/run.py --quick    # a smoke run of every benchmark, under a minute
    python benchmarks/run.py --only mock,server

Every ratio is ``cost(extension side) / cost(baseline side)``, the median of
per-round ratios, with the two sides interleaved within each round. Progress
goes to standard error, and the Markdown report to standard output.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from harness import QUICK_SETTINGS, ComparisonResult, Settings
from mock_benchmarks import MockResults, run_mock_benchmarks
from server_benchmark import run_server_benchmark
from startup_benchmark import StartupResults, run_startup_benchmark

REPOSITORY = Path(__file__).resolve().parent.parent
GROUPS = ("mock", "startup", "server")


def _progress(started: float) -> Callable[[str], None]:
    """Return a function that prints a progress message with the seconds since ``started``."""

    def report(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    return report


def _cpu_model() -> str:
    """Return the first ``model name`` of /proc/cpuinfo, or the platform's processor name."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _git_state() -> str:
    """Return the commit of the repository, noting uncommitted changes to the package."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "-C", str(REPOSITORY), "status", "--porcelain", "--", "moto_ses_tracking"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    if changes:
        return f"commit {commit}, with uncommitted changes in moto_ses_tracking/"
    return f"commit {commit}"


def _machine_lines(settings: Settings, quick: bool) -> list[str]:
    now = datetime.datetime.now(datetime.timezone.utc)
    lines = [
        f"- Date: {now:%Y-%m-%d %H:%M} UTC",
        f"- CPU: {_cpu_model()}, {os.cpu_count()} logical cores",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"- moto {_version('moto')}, boto3 {_version('boto3')}, botocore {_version('botocore')}, "
        f"Werkzeug {_version('werkzeug')}, Flask {_version('flask')}",
        f"- moto-ses-tracking {_version('moto-ses-tracking')}, {_git_state()}",
        f"- Settings{' (--quick)' if quick else ''}: under mock_aws, {settings.rounds} rounds "
        f"of {settings.chunks * settings.chunk_size} calls per side; process start-up, "
        f"{settings.process_rounds} rounds of {settings.process_runs} per command; server, "
        f"{settings.server_rounds} rounds of "
        f"{settings.server_chunks * settings.server_chunk_size} requests per side",
    ]
    return lines


def _judged_cost(result: ComparisonResult, subject: bool) -> str:
    """Format one side's median cost in the unit of its comparison."""
    if result.unit == "request":
        seconds = result.subject_wall if subject else result.baseline_wall
        return f"{1 / seconds:,.0f} req/s"
    if result.unit == "process":
        seconds = result.subject_wall if subject else result.baseline_wall
        return f"{seconds * 1e3:,.0f} ms"
    if result.comparison.judge_by == "cpu":
        cpu = result.subject_cpu if subject else result.baseline_cpu
        if cpu is not None:
            return f"{cpu * 1e6:,.0f} µs"
    seconds = result.subject_wall if subject else result.baseline_wall
    return f"{seconds * 1e6:,.0f} µs"


def _clock_names(result: ComparisonResult) -> tuple[str, str]:
    """Return the names of the judged clock and of the other one."""
    cpu_name = "server CPU" if result.unit == "request" else "CPU"
    if result.comparison.judge_by == "cpu":
        return cpu_name, "wall"
    return "wall", cpu_name


def _comparison_row(result: ComparisonResult, with_target: bool) -> str:
    judged = result.judged_ratio()
    other = result.wall_ratio if result.comparison.judge_by == "cpu" else result.cpu_ratio
    judged_name, other_name = _clock_names(result)
    cells = [
        result.comparison.key,
        result.comparison.title,
        _judged_cost(result, subject=True),
        _judged_cost(result, subject=False),
    ]
    if judged is None:
        cells += ["n/a", "n/a"]
    else:
        cells += [
            f"**{judged.median:.3f}** ({judged_name})",
            f"{judged.low:.3f} to {judged.high:.3f}",
        ]
    cells.append(f"{other.median:.3f} ({other_name})" if other is not None else "n/a")
    if with_target:
        target = result.comparison.target
        met = result.meets_target()
        cells.append(f"≤ {target:.2f}" if target is not None else "none")
        if met is None:
            cells.append("n/a")
        elif met:
            cells.append("yes")
        else:
            cells.append("**no**")
    return "| " + " | ".join(cells) + " |"


def _comparison_table(results: Sequence[ComparisonResult], with_target: bool) -> list[str]:
    header = (
        "| # | Comparison | Extension side | Baseline side | Ratio, median | "
        "Range over rounds | Other clock |"
    )
    rule = "|---|---|---:|---:|---:|---:|---:|"
    if with_target:
        header += " Target | Met |"
        rule += "---:|---|"
    return [header, rule, *(_comparison_row(result, with_target) for result in results)]


def _share_table(mock: MockResults) -> list[str]:
    """Tabulate the extension's share of each added operation under mock_aws.

    The last column removes both parts of the extension's cost from ratio 1:
    the check before dispatch (by comparing with CreateConfigurationSet with
    the extension active) and the handler's time. What remains is the
    difference that moto and botocore make between the two requests.
    """
    strict = {result.comparison.subject: result for result in mock.targets}
    lenient = {result.comparison.subject: result for result in mock.against_active}
    lines = [
        "| Operation | Whole call, CPU | In the extension's handler | Share | "
        "Ratio 1 | Against CreateConfigurationSet, extension active | "
        "The same, without the handler's time |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for share in mock.shares:
        cells = [
            share.label,
            f"{share.total_cpu * 1e6:,.0f} µs",
            f"{share.handler_cpu * 1e6:,.1f} µs",
            f"{share.share():.1%}",
        ]
        strict_ratio = strict[share.label].cpu_ratio if share.label in strict else None
        lenient_ratio = lenient[share.label].cpu_ratio if share.label in lenient else None
        cells.append(f"{strict_ratio.median:.3f}" if strict_ratio is not None else "n/a")
        if lenient_ratio is None:
            cells += ["n/a", "n/a"]
        else:
            cells.append(f"{lenient_ratio.median:.3f}")
            cells.append(f"{lenient_ratio.median * (1 - share.share()):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _report(
    settings: Settings,
    quick: bool,
    mock: MockResults | None,
    startup: StartupResults | None,
    server: tuple[list[ComparisonResult], ComparisonResult] | None,
    elapsed: float,
) -> str:
    targets: list[ComparisonResult] = []
    information: list[ComparisonResult] = []
    notes: list[str] = []
    if mock is not None:
        targets += mock.targets
        information += mock.information
        notes += mock.notes
    if startup is not None:
        targets.append(startup.target)
        information.append(startup.literal)
        notes += startup.notes
    if server is not None:
        server_targets, server_tax = server
        targets += server_targets
        information.append(server_tax)

    lines = ["## Results", "", *_machine_lines(settings, quick), ""]
    lines += ["### Ratios with targets", "", *_comparison_table(targets, with_target=True), ""]
    if mock is not None and mock.shares:
        lines += ["### The extension's own share of each added operation", ""]
        lines += [*_share_table(mock), ""]
    if information:
        lines += ["### For information, no target", ""]
        lines += [*_comparison_table(information, with_target=False), ""]
    if notes:
        lines += ["### Notes", "", *(f"- {note}" for note in notes), ""]
    lines.append(f"Total run time: {elapsed:.0f} s.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, run the selected benchmarks and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run every benchmark briefly, as a smoke test; the figures are not stable",
    )
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated benchmark groups to run, from {', '.join(GROUPS)} (default: all)",
    )
    options = parser.parse_args(argv)
    groups = {name.strip() for name in options.only.split(",") if name.strip()}
    unknown = groups - set(GROUPS)
    if unknown:
        parser.error(f"unknown group {sorted(unknown)}: expected names from {', '.join(GROUPS)}")

    settings = QUICK_SETTINGS if options.quick else Settings()
    started = time.monotonic()
    progress = _progress(started)

    mock = run_mock_benchmarks(settings, progress) if "mock" in groups else None
    startup = None
    if "startup" in groups:
        progress("ratio 4: process start-up")
        startup = run_startup_benchmark(settings, progress)
    server = None
    if "server" in groups:
        progress("ratio 5: requests per second through ThreadedMotoServer")
        server = run_server_benchmark(settings, progress)

    print(_report(settings, options.quick, mock, startup, server, time.monotonic() - started))


if __name__ == "__main__":
    main()
