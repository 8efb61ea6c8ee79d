"""Profile one SES operation under ``mock_aws`` and show where its time goes.

Usage, from the repository root::

    python benchmarks/profile_calls.py --operation update --calls 500
    python benchmarks/profile_calls.py --operation put --pyinstrument

With cProfile (the default) it prints the self time of every function, grouped
by the installed package that defines it. Beside it is an estimate of each
package's time including the standard-library code that it calls. The
functions with the largest cumulative time follow. A deterministic profiler
slows small Python functions more than large C calls, so its shares are
estimates. ``benchmarks/run.py`` measures the extension's share without a
profiler. With ``--pyinstrument`` (a sampling profiler, installed separately)
it prints pyinstrument's call tree instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import sysconfig
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from operations import (
    DESCRIBE_SET,
    PUT_SET,
    REGION,
    TRACKING_DOMAINS,
    UPDATE_SET,
    Boto3Operations,
    ConfigurationSetPool,
    prepare_fixed_sets,
)

import moto_ses_tracking

OPERATIONS = ("create-set", "create", "update", "delete", "put", "describe", "describe-tracking")

_STANDARD_LIBRARY = sysconfig.get_paths()["stdlib"]

# A pstats key: (file name, line number, function name).
FunctionKey = tuple[str, int, str]


def _calls(
    operation: str, operations: Boto3Operations, pool: ConfigurationSetPool, count: int
) -> Callable[[int], object]:
    """Prepare the state for ``count`` calls of ``operation`` and return the call."""
    if operation == "create-set":
        names = [pool.new_name() for _ in range(count)]
        return lambda index: operations.create_configuration_set(names[index])
    if operation == "create":
        untracked = pool.take_untracked(count)
        return lambda index: operations.create_tracking_options(
            untracked[index], TRACKING_DOMAINS[0]
        )
    if operation == "delete":
        tracked = pool.take_tracked(count)
        return lambda index: operations.delete_tracking_options(tracked[index])
    if operation == "update":
        return lambda index: operations.update_tracking_options(
            UPDATE_SET, TRACKING_DOMAINS[index % 2]
        )
    if operation == "put":
        return lambda index: operations.put_tracking_options(PUT_SET, TRACKING_DOMAINS[index % 2])
    if operation == "describe":
        return lambda index: operations.describe_tracking_domain(DESCRIBE_SET, ())
    return lambda index: operations.describe_tracking_domain(DESCRIBE_SET, ("trackingOptions",))


def _package(key: FunctionKey) -> str | None:
    """Return the installed package that defines a profiled function.

    Returns None for built-in functions and the standard library, whose time
    :func:`_time_by_package` charges to the packages that call them.
    """
    file_name = key[0]
    if "/moto_ses_tracking/" in file_name:
        return "moto_ses_tracking (the extension)"
    if "site-packages/" in file_name:
        return file_name.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if file_name == "~" or file_name.startswith((_STANDARD_LIBRARY, "<frozen")):
        return None
    return "other"


def _time_by_package(stats: dict[FunctionKey, Any]) -> dict[str, tuple[float, float]]:
    """Return each package's own self time, and that time plus the unowned code it calls.

    Unowned code is the standard library and built-in functions. Its self time
    moves up the call graph, split among each function's callers in proportion
    to the time spent in calls from each, until it reaches a package. This
    assumes that every call of a function costs the same, so the second figure
    is an estimate.
    """
    own: dict[str, float] = defaultdict(float)
    pending: dict[FunctionKey, float] = defaultdict(float)
    for key, (_, _, self_time, _, _) in stats.items():
        package = _package(key)
        if package is None:
            pending[key] += self_time
        else:
            own[package] += self_time
    charged = dict(own)
    unattributed = 0.0
    for _ in range(100):
        if not pending:
            break
        moved: dict[FunctionKey, float] = defaultdict(float)
        for key, seconds in pending.items():
            callers = stats[key][4]
            weights = {caller: edge[3] for caller, edge in callers.items()}
            total_weight = sum(weights.values())
            if total_weight <= 0:
                unattributed += seconds
                continue
            for caller, weight in weights.items():
                part = seconds * weight / total_weight
                package = _package(caller)
                if package is None:
                    moved[caller] += part
                else:
                    charged[package] = charged.get(package, 0.0) + part
        pending = moved
    unattributed += sum(pending.values())
    result = {package: (own.get(package, 0.0), seconds) for package, seconds in charged.items()}
    if unattributed:
        result["standard library and built-ins with no package caller"] = (0.0, unattributed)
    return result


def _print_cprofile(profile: cProfile.Profile, calls: int) -> None:
    stats = pstats.Stats(profile)
    raw: dict[FunctionKey, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(self_time for _, _, self_time, _, _ in raw.values())
    print(f"{calls} calls, {total / calls * 1e6:,.0f} µs per call under cProfile\n")
    print("µs per call by package: its own code, and with the standard library it calls")
    rows = sorted(_time_by_package(raw).items(), key=lambda item: item[1][1], reverse=True)
    for package, (own_seconds, charged_seconds) in rows:
        print(
            f"  {own_seconds / calls * 1e6:9,.1f}  {charged_seconds / calls * 1e6:9,.1f} "
            f"({charged_seconds / total:5.1%})  {package}"
        )
    print()
    stats.sort_stats("cumulative").print_stats(40)


def main() -> None:
    """Parse the options, profile the calls and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--operation", choices=OPERATIONS, default="update")
    parser.add_argument("--calls", type=int, default=500, help="profiled calls (default: 500)")
    parser.add_argument(
        "--pyinstrument",
        action="store_true",
        help="profile with pyinstrument's sampling profiler instead of cProfile",
    )
    options = parser.parse_args()

    from moto import mock_aws

    moto_ses_tracking.activate()
    with mock_aws():
        operations = Boto3Operations(REGION)
        prepare_fixed_sets(operations)
        pool = ConfigurationSetPool(operations, "profiled")
        warm_up = _calls(options.operation, operations, pool, 5)
        for index in range(5):
            warm_up(index)
        call = _calls(options.operation, operations, pool, options.calls)

        if options.pyinstrument:
            try:
                from pyinstrument import Profiler
            except ImportError:
                sys.exit("pyinstrument is not installed: pip install pyinstrument")
            profiler = Profiler(interval=0.0001)
            profiler.start()
            for index in range(options.calls):
                call(index)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False))
            return

        profile = cProfile.Profile()
        profile.enable()
        for index in range(options.calls):
            call(index)
        profile.disable()
    _print_cprofile(profile, options.calls)


if __name__ == "__main__":
    main()
