"""Property tests of the tracking-domain rules with generated names, through both APIs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from moto_ses_tracking.ses.utils import MAX_DOMAIN_LENGTH, is_valid_domain_name

from .helpers import REGION

PARENT = "example.com"
V1_SET = "generated-v1"
V2_SET = "generated-v2"
EXACT_SET = "generated-exact"

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

label = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?", fullmatch=True)
long_label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{40,61}[a-z0-9])?", fullmatch=True)
subdomain_labels = st.lists(st.one_of(label, long_label), min_size=1, max_size=6)


def under_parent(labels: list[str]) -> str:
    return ".".join([*labels, PARENT])


valid_subdomain = subdomain_labels.map(under_parent).filter(
    lambda name: len(name) <= MAX_DOMAIN_LENGTH
)

# Each strategy below builds names that break at least one domain-name rule.
bad_character = st.sampled_from([*"_ *!/:?#@%$&=+,;'\"<>\\\t", "é", "ü", "例"])


def insert_character(labels: list[str], character: str, position: int) -> str:
    """Insert ``character`` into the first label at ``position`` and return the name."""
    first = labels[0]
    return under_parent([first[:position] + character + first[position:], *labels[1:]])


breaks_character = st.builds(insert_character, subdomain_labels, bad_character, st.integers(0, 20))
breaks_hyphen = st.tuples(label, st.booleans()).map(
    lambda parts: under_parent(["-" + parts[0] if parts[1] else parts[0] + "-"])
)
breaks_empty_label = subdomain_labels.map(lambda labels: ".".join([*labels, "", PARENT]))
breaks_edge_dot = st.tuples(valid_subdomain, st.booleans()).map(
    lambda parts: "." + parts[0] if parts[1] else parts[0] + "."
)
breaks_label_length = st.integers(64, 300).map(lambda size: under_parent(["a" * size]))
breaks_total_length = st.integers(MAX_DOMAIN_LENGTH + 1, 5000).map(
    lambda size: under_parent(["a" * 60] * (size // 61 + 1))
)
breaks_numeric_tld = st.lists(st.integers(0, 999), min_size=2, max_size=4).map(
    lambda numbers: ".".join(str(number) for number in numbers)
)
breaks_label_count = label

invalid_name = st.one_of(
    breaks_character,
    breaks_hyphen,
    breaks_empty_label,
    breaks_edge_dot,
    breaks_label_length,
    breaks_total_length,
    breaks_numeric_tld,
    breaks_label_count,
)


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[Any, Any]]:
    """Return (ses, sesv2) clients in one mock for the module, with PARENT verified."""
    with mock_aws():
        ses = boto3.client("ses", region_name=REGION)
        sesv2 = boto3.client("sesv2", region_name=REGION)
        ses.verify_domain_identity(Domain=PARENT)
        ses.create_configuration_set(ConfigurationSet={"Name": V1_SET})
        sesv2.create_configuration_set(ConfigurationSetName=V2_SET)
        yield ses, sesv2


def v1_create_code(ses: Any, domain: str, set_name: str = V1_SET) -> str:
    """Return "ok" or the error code of a v1 create, removing what a success stored."""
    try:
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=set_name, TrackingOptions={"CustomRedirectDomain": domain}
        )
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] < 500
        return str(error.response["Error"]["Code"])
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=set_name)
    return "ok"


def v2_put_code(sesv2: Any, domain: str) -> str:
    """Return "ok" or the error code of a v2 Put."""
    try:
        sesv2.put_configuration_set_tracking_options(
            ConfigurationSetName=V2_SET, CustomRedirectDomain=domain
        )
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] < 500
        return str(error.response["Error"]["Code"])
    return "ok"


@SETTINGS
@given(domain=valid_subdomain)
def test_valid_subdomain_is_valid(domain: str) -> None:
    assert is_valid_domain_name(domain)


@SETTINGS
@given(domain=invalid_name)
def test_broken_name_is_invalid(domain: str) -> None:
    assert not is_valid_domain_name(domain)


@SETTINGS
@given(domain=valid_subdomain)
def test_v1_accepts_verified_subdomain(clients: tuple[Any, Any], domain: str) -> None:
    assert v1_create_code(clients[0], domain) == "ok"


@SETTINGS
@given(domain=valid_subdomain)
def test_v2_accepts_verified_subdomain(clients: tuple[Any, Any], domain: str) -> None:
    assert v2_put_code(clients[1], domain) == "ok"


@SETTINGS
@given(domain=invalid_name)
def test_v1_rejects_broken_name(clients: tuple[Any, Any], domain: str) -> None:
    assert v1_create_code(clients[0], domain) == "InvalidTrackingOptions"


@SETTINGS
@given(domain=invalid_name)
def test_v2_rejects_broken_name(clients: tuple[Any, Any], domain: str) -> None:
    assert v2_put_code(clients[1], domain) == "BadRequestException"


@SETTINGS
@given(domain=st.text(max_size=300))
def test_v1_any_text_no_5xx(clients: tuple[Any, Any], domain: str) -> None:
    code = v1_create_code(clients[0], domain)
    assert code in {"ok", "InvalidTrackingOptions"}


@SETTINGS
@given(domain=st.text(max_size=300))
def test_v2_any_text_no_5xx(clients: tuple[Any, Any], domain: str) -> None:
    code = v2_put_code(clients[1], domain)
    assert code in {"ok", "BadRequestException"}


@SETTINGS
@given(domain=st.text(max_size=300))
def test_any_text_accepted_only_valid(clients: tuple[Any, Any], domain: str) -> None:
    if v1_create_code(clients[0], domain) == "ok":
        assert is_valid_domain_name(domain)


@pytest.fixture(scope="module")
def exact_clients() -> Iterator[Any]:
    """Return an SES client whose mock uses exact matching, with PARENT verified.

    When the module's other mock is still running, this one nests inside it and
    shares its state, so it uses a set of its own.
    """
    with mock_aws(config={"ses": {"tracking_domain_match": "exact"}}):  # type: ignore[call-overload]
        ses = boto3.client("ses", region_name=REGION)
        ses.verify_domain_identity(Domain=PARENT)
        ses.create_configuration_set(ConfigurationSet={"Name": EXACT_SET})
        yield ses


@SETTINGS
@given(domain=valid_subdomain)
def test_exact_rejects_subdomain(exact_clients: Any, domain: str) -> None:
    assert v1_create_code(exact_clients, domain, EXACT_SET) == "InvalidTrackingOptions"


@SETTINGS
@given(name=st.sampled_from([PARENT, PARENT.upper(), "Example.Com"]))
def test_exact_accepts_own_name(exact_clients: Any, name: str) -> None:
    assert v1_create_code(exact_clients, name, EXACT_SET) == "ok"
