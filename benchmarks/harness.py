"""Interleaved timing rounds and the ratios computed from them.

A comparison puts two sides under the clock, such as one added operation and
moto's CreateConfigurationSet. In each round every side runs the same number
of calls, split into small chunks. The chunks of all sides alternate, and the
order of the sides rotates from chunk to chunk, so that a slow phase of the
machine hits every side about equally. Each round yields one ratio per
comparison, and the reported ratio is the median over the rounds.

Every ratio in this package is ``cost(extension side) / cost(baseline side)``:
above 1 means that the extension side is slower.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


def _no_finish(arguments: Sequence[Any]) -> None:
    """Do nothing after a chunk."""


@dataclass
class Side:
    """One side of a comparison: a call repeated under the clock.

    ``prepare(count)`` runs untimed before each chunk and returns the argument of
    each call in the chunk, which also fixes how many calls the chunk makes.
    ``call(argument)`` is the timed work. ``finish(arguments)`` runs untimed
    after the chunk, for example to hand the configuration sets that the chunk
    changed to a pool.
    """

    label: str
    prepare: Callable[[int], Sequence[Any]]
    call: Callable[[Any], object]
    finish: Callable[[Sequence[Any]], None] = _no_finish


@dataclass
class SideTotals:
    """Time that one side spent in one round, and the calls it made."""

    wall: float = 0.0
    cpu: float = 0.0
    calls: int = 0

    def wall_per_call(self) -> float:
        """Return the wall-clock seconds per call."""
        return self.wall / self.calls

    def cpu_per_call(self) -> float:
        """Return the CPU seconds per call."""
        return self.cpu / self.calls


#: The totals of one round, keyed by side label.
Round = dict[str, SideTotals]


def run_rounds(
    sides: Sequence[Side],
    rounds: int,
    chunks: int,
    chunk_size: int,
    cpu_clock: Callable[[], float] = time.thread_time,
    progress: Callable[[str], None] | None = None,
    deadline: float | None = None,
) -> list[Round]:
    """Time ``rounds`` rounds of ``chunks * chunk_size`` calls per side, interleaved.

    Within a round the sides take turns chunk by chunk, and the starting side
    rotates with each chunk. The garbage collector is disabled during a round
    and a full collection runs between rounds, as ``timeit`` does, so that a
    collection triggered by one side is not charged to another.

    ``cpu_clock`` returns CPU seconds: the calling thread's by default, or a
    server process's for requests over HTTP. Wall time is ``time.perf_counter``.
    With a ``deadline`` (a ``time.monotonic()`` value), no round starts after
    it, so fewer rounds than requested may be returned, but always at least one.
    """
    results: list[Round] = []
    for round_index in range(rounds):
        totals: Round = {side.label: SideTotals() for side in sides}
        gc.collect()
        gc.disable()
        try:
            for chunk_index in range(chunks):
                shift = (round_index + chunk_index) % len(sides)
                for side in [*sides[shift:], *sides[:shift]]:
                    _time_chunk(side, chunk_size, cpu_clock, totals[side.label])
        finally:
            gc.enable()
        results.append(totals)
        if progress is not None:
            progress(f"round {round_index + 1}/{rounds} done")
        if deadline is not None and time.monotonic() > deadline:
            break
    return results


def _time_chunk(
    side: Side, chunk_size: int, cpu_clock: Callable[[], float], totals: SideTotals
) -> None:
    """Run one chunk of ``side`` and add its time and calls to ``totals``."""
    arguments = side.prepare(chunk_size)
    call = side.call

    cpu_start = cpu_clock()
    wall_start = time.perf_counter()
    for argument in arguments:
        call(argument)
    wall_end = time.perf_counter()
    cpu_end = cpu_clock()

    side.finish(arguments)
    totals.wall += wall_end - wall_start
    totals.cpu += cpu_end - cpu_start
    totals.calls += len(arguments)


@dataclass
class Summary:
    """The median and range over the rounds of one ratio."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        """Summarize per-round values."""
        return cls(statistics.median(values), min(values), max(values))


@dataclass
class Comparison:
    """A ratio between two sides, computed round by round.

    ``subject`` and ``baseline`` are side labels. ``target`` is the maximum
    acceptable ratio, or None for a comparison reported for information.
    ``judge_by`` names the clock that the target applies to: ``"cpu"`` or
    ``"wall"``.
    """

    key: str
    title: str
    subject: str
    baseline: str
    target: float | None
    judge_by: str = "cpu"
    notes: list[str] = field(default_factory=list)


@dataclass
class ComparisonResult:
    """The summaries of one comparison over all rounds.

    Costs are seconds per call, medians over the rounds. ``unit`` sets how the
    costs are shown: ``"call"`` (microseconds per call), ``"process"``
    (milliseconds per process) or ``"request"`` (requests per second).
    """

    comparison: Comparison
    rounds: int
    subject_wall: float
    baseline_wall: float
    subject_cpu: float | None
    baseline_cpu: float | None
    wall_ratio: Summary
    cpu_ratio: Summary | None
    unit: str = "call"

    def judged_ratio(self) -> Summary | None:
        """Return the ratio that the target applies to."""
        if self.comparison.judge_by == "cpu":
            return self.cpu_ratio
        return self.wall_ratio

    def meets_target(self) -> bool | None:
        """Return whether the judged median ratio is within the target, None without one."""
        judged = self.judged_ratio()
        if self.comparison.target is None or judged is None:
            return None
        return judged.median <= self.comparison.target


def summarize(
    comparison: Comparison, rounds: Sequence[Round], unit: str = "call", with_cpu: bool = True
) -> ComparisonResult:
    """Compute the per-round ratios of ``comparison`` and their medians.

    :raises KeyError: when a side label of the comparison is missing from a round.
    """
    subject = [sample[comparison.subject] for sample in rounds]
    baseline = [sample[comparison.baseline] for sample in rounds]
    wall_ratios = [
        s.wall_per_call() / b.wall_per_call() for s, b in zip(subject, baseline, strict=True)
    ]
    cpu_ratio: Summary | None = None
    subject_cpu: float | None = None
    baseline_cpu: float | None = None
    if with_cpu:
        cpu_ratios = [
            s.cpu_per_call() / b.cpu_per_call() for s, b in zip(subject, baseline, strict=True)
        ]
        cpu_ratio = Summary.of(cpu_ratios)
        subject_cpu = statistics.median(s.cpu_per_call() for s in subject)
        baseline_cpu = statistics.median(b.cpu_per_call() for b in baseline)
    return ComparisonResult(
        comparison=comparison,
        rounds=len(rounds),
        subject_wall=statistics.median(s.wall_per_call() for s in subject),
        baseline_wall=statistics.median(b.wall_per_call() for b in baseline),
        subject_cpu=subject_cpu,
        baseline_cpu=baseline_cpu,
        wall_ratio=Summary.of(wall_ratios),
        cpu_ratio=cpu_ratio,
        unit=unit,
    )


@dataclass(frozen=True)
class Settings:
    """How long each benchmark runs.

    ``rounds`` and ``chunks * chunk_size`` (calls per side per round) apply to
    the benchmarks under ``mock_aws``. ``process_runs`` is the number of
    processes of each command per round. ``server_time_limit`` is in seconds:
    the server benchmark stops after the round that crosses it.
    """

    rounds: int = 11
    chunks: int = 50
    chunk_size: int = 4
    identity_count: int = 10_000
    attribution_rounds: int = 3
    process_rounds: int = 11
    process_runs: int = 4
    server_rounds: int = 11
    server_chunks: int = 50
    server_chunk_size: int = 4
    server_time_limit: float = 300.0


#: A short smoke run: every benchmark runs, with too few rounds for stable figures.
QUICK_SETTINGS = Settings(
    rounds=3,
    chunks=5,
    chunk_size=4,
    attribution_rounds=1,
    process_rounds=3,
    process_runs=1,
    server_rounds=3,
    server_chunks=5,
    server_chunk_size=4,
    server_time_limit=60.0,
)
