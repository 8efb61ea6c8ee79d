"""Ratios 1 to 3 and the extension's own share, measured in-process under ``mock_aws``.

Every call goes through a boto3 client into moto's mock, as in a user's test,
so the figures include botocore's request building and response parsing.
The costs are CPU time of the calling thread, which is the only thread that
works during a mocked call. Wall time is reported beside it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from harness import Comparison, ComparisonResult, Round, Settings, Side, run_rounds, summarize
from operations import (
    CREATE_SET,
    CREATE_SET_INACTIVE,
    CREATE_TRACKING,
    DELETE_TRACKING,
    DESCRIBE_SET,
    PUT_TRACKING,
    REGION,
    TRACKING_DOMAINS,
    UPDATE_SET,
    UPDATE_TRACKING,
    VERIFIED_DOMAIN,
    Boto3Operations,
    ConfigurationSetPool,
    alternating_domains,
    prepare_fixed_sets,
    tracking_sides,
    unpacked,
    with_activation,
)

import moto_ses_tracking

#: The region that contains many identities in ratio 3.
CROWDED_REGION = "eu-west-1"

DESCRIBE_PLAIN = "DescribeConfigurationSet"
DESCRIBE_TRACKING = "DescribeConfigurationSet, trackingOptions"
DESCRIBE_PLAIN_INACTIVE = "DescribeConfigurationSet, extension inactive"
DESCRIBE_TRACKING_INACTIVE = "DescribeConfigurationSet, trackingOptions, extension inactive"
UPDATE_ONE_IDENTITY = "UpdateConfigurationSetTrackingOptions, 1 identity"
UPDATE_MANY_IDENTITIES = "UpdateConfigurationSetTrackingOptions, many identities"

Progress = Callable[[str], None]


@dataclass
class HandlerShare:
    """The CPU time spent inside one extension request handler, per call.

    ``handler_cpu`` is the time from entering the extension's handler method
    to leaving it: parameter reads, checks, the backend work and the result
    object. ``total_cpu`` is the whole boto3 call measured in the same pass.
    """

    label: str
    total_cpu: float
    handler_cpu: float

    def share(self) -> float:
        """Return the handler's fraction of the whole call."""
        return self.handler_cpu / self.total_cpu


@dataclass
class MockResults:
    """Everything the in-process benchmarks measured."""

    targets: list[ComparisonResult] = field(default_factory=list)
    information: list[ComparisonResult] = field(default_factory=list)
    shares: list[HandlerShare] = field(default_factory=list)
    #: Each added operation against CreateConfigurationSet with the extension active.
    against_active: list[ComparisonResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _warm_up(sides: Sequence[Side]) -> None:
    """Run a few untimed calls of each side, so one-time loading is not timed."""
    run_rounds(sides, rounds=1, chunks=1, chunk_size=3)


def _run(sides: Sequence[Side], settings: Settings, progress: Progress) -> list[Round]:
    _warm_up(sides)
    return run_rounds(
        sides, settings.rounds, settings.chunks, settings.chunk_size, progress=progress
    )


def run_mock_benchmarks(settings: Settings, progress: Progress) -> MockResults:
    """Run ratios 1 to 3, the handler shares and the active-versus-inactive comparisons.

    Activates the extension and leaves it active. Each group runs in its own
    ``mock_aws`` context, so state from one group does not grow another's.
    """
    from moto import mock_aws

    results = MockResults()
    groups = (
        ("ratio 1: added operations against CreateConfigurationSet", _measure_operations),
        ("ratio 2: DescribeConfigurationSet with trackingOptions", _measure_describe),
        (f"ratio 3: {settings.identity_count} identities against 1", _measure_identity_count),
        ("moto's own operations with the extension active and inactive", _measure_activation),
    )
    for title, measure in groups:
        progress(title)
        moto_ses_tracking.activate()
        with mock_aws():
            measure(settings, progress, results)
    moto_ses_tracking.activate()
    return results


def set_active(active: bool) -> None:
    """Activate or deactivate the extension in this process."""
    if active:
        moto_ses_tracking.activate()
    else:
        moto_ses_tracking.deactivate()


#: The added operations of ratios 1 and 5, with the API version that defines each.
ADDED_OPERATIONS = (
    ("a", "v1", CREATE_TRACKING),
    ("b", "v1", UPDATE_TRACKING),
    ("c", "v1", DELETE_TRACKING),
    ("d", "v2", PUT_TRACKING),
)


def _measure_operations(settings: Settings, progress: Progress, results: MockResults) -> None:
    """Measure ratio 1 and A1, then run the added operations again with their handlers timed."""
    operations = Boto3Operations(REGION)
    prepare_fixed_sets(operations)
    sides = tracking_sides(operations, ConfigurationSetPool(operations, "pool"), set_active)

    rounds = _run(sides, settings, progress)
    for letter, version, label in ADDED_OPERATIONS:
        title = f"{version} {label.split()[0]} / moto's CreateConfigurationSet"
        strict = Comparison(f"1{letter}", title, label, CREATE_SET_INACTIVE, 1.05)
        results.targets.append(summarize(strict, rounds))
        lenient = Comparison(f"1{letter}", title, label, CREATE_SET, None)
        results.against_active.append(summarize(lenient, rounds))
    tax = Comparison(
        "A1",
        "v1 CreateConfigurationSet (checked before dispatch), extension active / inactive",
        CREATE_SET,
        CREATE_SET_INACTIVE,
        None,
    )
    results.information.append(summarize(tax, rounds))

    # Deactivation would remove the timing wrappers, so this pass keeps the
    # extension active: activate() does nothing when it is active already.
    progress("extension handler shares")
    active_sides = [side for side in sides if side.label != CREATE_SET_INACTIVE]
    set_active(True)
    with _timed_handlers() as handler_seconds:
        share_rounds = run_rounds(
            active_sides, settings.attribution_rounds, settings.chunks, settings.chunk_size
        )
    for label, seconds in handler_seconds.items():
        calls = sum(sample[label].calls for sample in share_rounds)
        total = sum(sample[label].cpu for sample in share_rounds)
        results.shares.append(HandlerShare(label, total / calls, seconds / calls))


@contextmanager
def _timed_handlers() -> Iterator[dict[str, float]]:
    """Wrap the extension's request handlers so that they add up their own CPU time.

    Yields a dict from side label to CPU seconds spent inside that handler. The
    wrappers are plain functions of the same name, so moto still finds them as
    actions, and the installed handlers are put back on exit.
    """
    from moto.ses.responses import EmailResponse
    from moto.sesv2.responses import SESV2Response

    handlers: list[tuple[type, str, str]] = [
        (EmailResponse, "create_configuration_set_tracking_options", CREATE_TRACKING),
        (EmailResponse, "update_configuration_set_tracking_options", UPDATE_TRACKING),
        (EmailResponse, "delete_configuration_set_tracking_options", DELETE_TRACKING),
        (SESV2Response, "put_configuration_set_tracking_options", PUT_TRACKING),
    ]
    seconds = {label: 0.0 for _, _, label in handlers}
    installed = [(owner, name, vars(owner)[name]) for owner, name, _ in handlers]

    def timed(handler: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(handler)
        def wrapper(*arguments: Any, **keywords: Any) -> Any:
            start = time.thread_time()
            try:
                return handler(*arguments, **keywords)
            finally:
                seconds[label] += time.thread_time() - start

        return wrapper

    try:
        for (owner, name, label), (_, _, handler) in zip(handlers, installed, strict=True):
            setattr(owner, name, timed(handler, label))
        yield seconds
    finally:
        for owner, name, handler in installed:
            setattr(owner, name, handler)


def _measure_describe(settings: Settings, progress: Progress, results: MockResults) -> None:
    """Ratio 2, A2 and 2m: DescribeConfigurationSet of a set with tracking options.

    Each request runs with and without ``trackingOptions`` among the attribute
    names, and with the extension active and inactive. Inactive, moto ignores
    the attribute name and returns no TrackingOptions element, so 2m is what
    moto and botocore spend on carrying the attribute name alone.
    """
    operations = Boto3Operations(REGION)
    prepare_fixed_sets(operations)
    describe = unpacked(operations.describe_tracking_domain)

    def plain(count: int) -> list[tuple[str, tuple[str, ...]]]:
        return [(DESCRIBE_SET, ())] * count

    def with_tracking_options(count: int) -> list[tuple[str, tuple[str, ...]]]:
        return [(DESCRIBE_SET, ("trackingOptions",))] * count

    sides = [
        with_activation(Side(DESCRIBE_PLAIN, plain, describe), set_active, True),
        with_activation(Side(DESCRIBE_TRACKING, with_tracking_options, describe), set_active, True),
        with_activation(Side(DESCRIBE_PLAIN_INACTIVE, plain, describe), set_active, False),
        with_activation(
            Side(DESCRIBE_TRACKING_INACTIVE, with_tracking_options, describe), set_active, False
        ),
    ]
    rounds = _run(sides, settings, progress)
    comparison = Comparison(
        "2",
        "DescribeConfigurationSet with trackingOptions / without attribute names",
        DESCRIBE_TRACKING,
        DESCRIBE_PLAIN,
        1.05,
    )
    results.targets.append(summarize(comparison, rounds))
    results.information.append(
        summarize(
            Comparison(
                "A2",
                "v1 DescribeConfigurationSet without attribute names (handler replaced), "
                "extension active / inactive",
                DESCRIBE_PLAIN,
                DESCRIBE_PLAIN_INACTIVE,
                None,
            ),
            rounds,
        )
    )
    results.information.append(
        summarize(
            Comparison(
                "2m",
                "moto's DescribeConfigurationSet with trackingOptions / without attribute "
                "names, extension inactive (no TrackingOptions element returned)",
                DESCRIBE_TRACKING_INACTIVE,
                DESCRIBE_PLAIN_INACTIVE,
                None,
            ),
            rounds,
        )
    )


def _measure_identity_count(settings: Settings, progress: Progress, results: MockResults) -> None:
    """Ratio 3: Update in a region with ``identity_count`` domain identities against one.

    The extra identities go straight into moto's backend through
    ``SESBackend.verify_domain``, not through the API. Both regions get the
    same verified parent domain and a set with tracking options. The first
    tracking-domain check of each region is timed once, because it indexes
    the region's identities.
    """
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    few = Boto3Operations(REGION)
    many = Boto3Operations(CROWDED_REGION)
    crowded_backend = ses_backends[DEFAULT_ACCOUNT_ID][CROWDED_REGION]

    start = time.perf_counter()
    for index in range(settings.identity_count - 1):
        crowded_backend.verify_domain(f"identity-{index:05d}.example.org")
    creation_seconds = time.perf_counter() - start

    first_check: dict[str, float] = {}
    for label, operations in (("1 identity", few), ("many identities", many)):
        operations.verify_domain_identity(VERIFIED_DOMAIN)
        operations.create_configuration_set(UPDATE_SET)
        start = time.perf_counter()
        operations.create_tracking_options(UPDATE_SET, TRACKING_DOMAINS[0])
        first_check[label] = time.perf_counter() - start

    identity_total = len(crowded_backend.email_identities)
    results.notes.append(
        f"Ratio 3 setup: {identity_total} domain identities in {CROWDED_REGION}, "
        f"{identity_total - 1} of them created through `SESBackend.verify_domain` in "
        f"{creation_seconds:.2f} s. The first CreateConfigurationSetTrackingOptions in that "
        f"region took {first_check['many identities'] * 1e3:.1f} ms, against "
        f"{first_check['1 identity'] * 1e3:.1f} ms with 1 identity (one sample each, wall time)."
    )

    sides = [
        Side(
            UPDATE_ONE_IDENTITY,
            alternating_domains(UPDATE_SET),
            unpacked(few.update_tracking_options),
        ),
        Side(
            UPDATE_MANY_IDENTITIES,
            alternating_domains(UPDATE_SET),
            unpacked(many.update_tracking_options),
        ),
    ]
    rounds = _run(sides, settings, progress)
    comparison = Comparison(
        "3",
        f"v1 Update with {identity_total} domain identities / with 1",
        UPDATE_MANY_IDENTITIES,
        UPDATE_ONE_IDENTITY,
        1.05,
    )
    results.targets.append(summarize(comparison, rounds))


ACTIVATION_CASES = (
    ("A3", "v2 CreateConfigurationSet (handler and backend method replaced)"),
    ("A4", "v2 GetConfigurationSet (handler replaced)"),
)


def _measure_activation(settings: Settings, progress: Progress, results: MockResults) -> None:
    """Time moto's own operations with the extension active against inactive.

    The same request runs on both sides, and the untimed ``prepare`` of each
    chunk switches the extension on or off, so the ratio is what activation
    adds to operations that exist in moto. No target applies.
    """
    operations = Boto3Operations(REGION)
    prepare_fixed_sets(operations)
    pool = ConfigurationSetPool(operations, "activation")

    def new_names(count: int) -> list[tuple[str]]:
        return [(pool.new_name(),) for _ in range(count)]

    def fetched_set(count: int) -> list[tuple[str]]:
        return [(DESCRIBE_SET,)] * count

    calls: list[tuple[Callable[[int], Sequence[Any]], Callable[[Any], object]]] = [
        (new_names, unpacked(operations.create_configuration_set_v2)),
        (fetched_set, unpacked(operations.get_configuration_set_v2)),
    ]
    sides: list[Side] = []
    for (key, _), (prepare, call) in zip(ACTIVATION_CASES, calls, strict=True):
        sides.append(with_activation(Side(f"{key} active", prepare, call), set_active, True))
        sides.append(with_activation(Side(f"{key} inactive", prepare, call), set_active, False))

    rounds = _run(sides, settings, progress)
    for key, title in ACTIVATION_CASES:
        comparison = Comparison(
            key, f"{title}, extension active / inactive", f"{key} active", f"{key} inactive", None
        )
        results.information.append(summarize(comparison, rounds))
