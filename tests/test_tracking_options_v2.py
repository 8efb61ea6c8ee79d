"""SES API v2 tracking options, and one state shared with API v1."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config

from .helpers import REGION, SET_NAME, SIGNATURE, TRACKING_DOMAIN, error_of, status_of


@pytest.fixture
def v2_set(ses: Any, sesv2: Any) -> str:
    """Create SET_NAME through API v2 and verify example.com through API v1."""
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    ses.verify_domain_identity(Domain="example.com")
    return SET_NAME


def v2_options(sesv2: Any, name: str = SET_NAME) -> dict[str, str] | None:
    """Return GetConfigurationSet's TrackingOptions, or None when it has none."""
    options: dict[str, str] | None = sesv2.get_configuration_set(ConfigurationSetName=name).get(
        "TrackingOptions"
    )
    return options


def v1_options(ses: Any, name: str = SET_NAME) -> dict[str, str] | None:
    """Return DescribeConfigurationSet's TrackingOptions, or None when it has none."""
    response = ses.describe_configuration_set(
        ConfigurationSetName=name, ConfigurationSetAttributeNames=["trackingOptions"]
    )
    options: dict[str, str] | None = response.get("TrackingOptions")
    return options


def put(sesv2: Any, name: str = SET_NAME, **members: str) -> None:
    sesv2.put_configuration_set_tracking_options(ConfigurationSetName=name, **members)


# --- PutConfigurationSetTrackingOptions --------------------------------------


def test_put_stores_domain(sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN)
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_put_stores_https_policy(sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE_OPEN_ONLY")
    assert v2_options(sesv2) == {
        "CustomRedirectDomain": TRACKING_DOMAIN,
        "HttpsPolicy": "REQUIRE_OPEN_ONLY",
    }


@pytest.mark.parametrize("policy", ["REQUIRE", "REQUIRE_OPEN_ONLY", "OPTIONAL"])
def test_put_accepts_each_policy(sesv2: Any, v2_set: str, policy: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy=policy)
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": policy}


def test_put_returns_empty_200(sesv2: Any, v2_set: str) -> None:
    response = sesv2.put_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, CustomRedirectDomain=TRACKING_DOMAIN
    )
    assert set(response) == {"ResponseMetadata"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_put_replaces_existing(sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    put(sesv2, CustomRedirectDomain="new.example.com")
    assert v2_options(sesv2) == {"CustomRedirectDomain": "new.example.com"}


def test_put_neither_member_removes(sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    put(sesv2)
    assert v2_options(sesv2) is None


def test_put_missing_set_404(sesv2: Any, v2_set: str) -> None:
    with pytest.raises(sesv2.exceptions.NotFoundException) as raised:
        put(sesv2, name="absent", CustomRedirectDomain=TRACKING_DOMAIN)
    assert status_of(raised) == 404
    assert "absent" in error_of(raised)["Message"]


def test_put_missing_set_beats_bad_domain(sesv2: Any, v2_set: str) -> None:
    with pytest.raises(sesv2.exceptions.NotFoundException):
        put(sesv2, name="absent", CustomRedirectDomain="not a domain", HttpsPolicy="NEVER")


# (case, request members, text the message must contain)
BAD_REQUESTS = [
    ("policy without domain", {"HttpsPolicy": "REQUIRE"}, "requires a CustomRedirectDomain"),
    ("empty domain", {"CustomRedirectDomain": ""}, "must not be empty"),
    ("empty domain with policy", {"CustomRedirectDomain": "", "HttpsPolicy": "REQUIRE"}, "empty"),
    (
        "invalid domain",
        {"CustomRedirectDomain": "https://x.example.com"},
        "'https://x.example.com'",
    ),
    ("unverified domain", {"CustomRedirectDomain": "x.other.org"}, "Domain <x.other.org> is not"),
    (
        "policy outside enum",
        {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "ALWAYS"},
        "'ALWAYS' is invalid: expected one of REQUIRE, REQUIRE_OPEN_ONLY, OPTIONAL",
    ),
    (
        "unverified beats bad policy",
        {"CustomRedirectDomain": "x.other.org", "HttpsPolicy": "ALWAYS"},
        "is not verified",
    ),
    (
        "lowercase policy",
        {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "require"},
        "'require'",
    ),
]


@pytest.mark.parametrize(
    ("case", "members", "text"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS]
)
def test_put_bad_request(
    sesv2: Any, v2_set: str, case: str, members: dict[str, str], text: str
) -> None:
    with pytest.raises(sesv2.exceptions.BadRequestException) as raised:
        put(sesv2, **members)
    assert status_of(raised) == 400
    assert text in error_of(raised)["Message"]


@pytest.mark.parametrize(
    ("case", "members", "text"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS]
)
def test_put_bad_request_keeps_state(
    sesv2: Any, v2_set: str, case: str, members: dict[str, str], text: str
) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="OPTIONAL")
    with pytest.raises(sesv2.exceptions.BadRequestException):
        put(sesv2, **members)
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "OPTIONAL"}


# --- CreateConfigurationSet with TrackingOptions -------------------------------


@pytest.fixture
def unchecked_sesv2(aws: None) -> Any:
    """Return an SES v2 client without botocore's parameter checks.

    In CreateConfigurationSet the model makes CustomRedirectDomain required,
    so botocore would not send an HttpsPolicy alone.
    """
    return boto3.client("sesv2", region_name=REGION, config=Config(parameter_validation=False))


def test_create_with_options_stores(ses: Any, sesv2: Any) -> None:
    ses.verify_domain_identity(Domain="example.com")
    sesv2.create_configuration_set(
        ConfigurationSetName=SET_NAME,
        TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "REQUIRE"},
    )
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "REQUIRE"}


def test_create_without_options_has_none(sesv2: Any) -> None:
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    assert v2_options(sesv2) is None


@pytest.mark.parametrize(
    ("case", "members", "text"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS]
)
def test_create_bad_options_rejected(
    ses: Any, unchecked_sesv2: Any, case: str, members: dict[str, str], text: str
) -> None:
    ses.verify_domain_identity(Domain="example.com")
    with pytest.raises(unchecked_sesv2.exceptions.BadRequestException) as raised:
        unchecked_sesv2.create_configuration_set(
            ConfigurationSetName=SET_NAME, TrackingOptions=members
        )
    assert text in error_of(raised)["Message"]


@pytest.mark.parametrize(
    ("case", "members", "text"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS]
)
def test_create_failure_leaves_no_set(
    ses: Any, unchecked_sesv2: Any, case: str, members: dict[str, str], text: str
) -> None:
    ses.verify_domain_identity(Domain="example.com")
    with pytest.raises(unchecked_sesv2.exceptions.BadRequestException):
        unchecked_sesv2.create_configuration_set(
            ConfigurationSetName=SET_NAME, TrackingOptions=members
        )
    assert unchecked_sesv2.list_configuration_sets()["ConfigurationSets"] == []


# --- GetConfigurationSet and DeleteConfigurationSet ----------------------------


def test_get_missing_set_404(sesv2: Any) -> None:
    with pytest.raises(sesv2.exceptions.NotFoundException) as raised:
        sesv2.get_configuration_set(ConfigurationSetName="absent")
    assert status_of(raised) == 404


def test_delete_missing_set_404(sesv2: Any) -> None:
    with pytest.raises(sesv2.exceptions.NotFoundException) as raised:
        sesv2.delete_configuration_set(ConfigurationSetName="absent")
    assert status_of(raised) == 404


def test_delete_drops_options(sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    sesv2.delete_configuration_set(ConfigurationSetName=SET_NAME)
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    assert v2_options(sesv2) is None


# --- One state for both API versions -----------------------------------------


def test_v1_create_seen_by_v2(ses: Any, sesv2: Any, v2_set: str) -> None:
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN}
    )
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_v2_put_seen_by_v1(ses: Any, sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    assert v1_options(ses) == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_v2_put_blocks_v1_create(ses: Any, sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN)
    with pytest.raises(ses.exceptions.TrackingOptionsAlreadyExistsException):
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": "x.example.com"}
        )


def test_v1_update_keeps_https_policy(ses: Any, sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    ses.update_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": "new.example.com"}
    )
    assert v2_options(sesv2) == {
        "CustomRedirectDomain": "new.example.com",
        "HttpsPolicy": "REQUIRE",
    }


def test_v1_delete_clears_both(ses: Any, sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    assert v2_options(sesv2) is None


def test_v2_removal_seen_by_v1(ses: Any, sesv2: Any, v2_set: str) -> None:
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN)
    put(sesv2)
    with pytest.raises(ses.exceptions.TrackingOptionsDoesNotExistException):
        ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)


def test_v2_identity_verifies_v2_put(sesv2: Any) -> None:
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    sesv2.create_email_identity(EmailIdentity="example.com")
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN)
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_v1_delete_set_404_in_v2(ses: Any, sesv2: Any, v2_set: str) -> None:
    ses.delete_configuration_set(ConfigurationSetName=SET_NAME)
    with pytest.raises(sesv2.exceptions.NotFoundException):
        put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN)


# --- Server mode and the JSON wire format --------------------------------------


@pytest.fixture
def served(server_url: str) -> Any:
    """Return (ses, sesv2) clients of the loopback server, after a reset."""
    requests.post(f"{server_url}/moto-api/reset", timeout=10)
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    ses = boto3.client("ses", region_name=REGION, endpoint_url=server_url, **credentials)
    sesv2 = boto3.client("sesv2", region_name=REGION, endpoint_url=server_url, **credentials)
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    ses.verify_domain_identity(Domain="example.com")
    return ses, sesv2


def test_server_put_shared_state(served: Any) -> None:
    ses, sesv2 = served
    put(sesv2, CustomRedirectDomain=TRACKING_DOMAIN, HttpsPolicy="REQUIRE")
    assert v1_options(ses) == {"CustomRedirectDomain": TRACKING_DOMAIN}
    assert v2_options(sesv2) == {"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "REQUIRE"}


def test_server_put_missing_set_404(served: Any) -> None:
    _, sesv2 = served
    with pytest.raises(sesv2.exceptions.NotFoundException) as raised:
        put(sesv2, name="absent", CustomRedirectDomain=TRACKING_DOMAIN)
    assert status_of(raised) == 404


def raw_put(server_url: str, name: str, body: bytes | str) -> requests.Response:
    url = f"{server_url}/v2/email/configuration-sets/{name}/tracking-options"
    headers = {
        "Authorization": SIGNATURE,
        "Content-Type": "application/json",
    }
    return requests.put(url, data=body, headers=headers, timeout=30)


def test_raw_bad_request_is_json(served: Any, server_url: str) -> None:
    response = raw_put(server_url, SET_NAME, '{"HttpsPolicy": "REQUIRE"}')
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["__type"] == "BadRequestException"


def test_raw_not_found_is_json(served: Any, server_url: str) -> None:
    response = raw_put(server_url, "absent", '{"CustomRedirectDomain": "click.example.com"}')
    assert response.status_code == 404
    assert response.json()["__type"] == "NotFoundException"


@pytest.mark.parametrize(
    "body",
    ["{not json", "[]", '"text"', '{"CustomRedirectDomain": 5}', '{"HttpsPolicy": ["REQUIRE"]}'],
)
def test_raw_malformed_body_400(served: Any, server_url: str, body: str) -> None:
    response = raw_put(server_url, SET_NAME, body)
    assert response.status_code == 400
    assert isinstance(response.json(), dict)


def test_raw_encoded_name_decoded(served: Any, server_url: str) -> None:
    _, sesv2 = served
    response = raw_put(server_url, "tracked", '{"CustomRedirectDomain": "click.example.com"}')
    assert response.status_code == 200
    assert v2_options(sesv2) == {"CustomRedirectDomain": "click.example.com"}


def test_raw_non_utf8_body_400(served: Any, server_url: str) -> None:
    response = raw_put(server_url, SET_NAME, b'{"CustomRedirectDomain": "\xff.example.com"}')
    assert response.status_code == 400
    assert response.json()["__type"] == "BadRequestException"
    assert "not valid UTF-8" in response.json()["Message"]


def test_raw_server_serves_after_bad_body(served: Any, server_url: str) -> None:
    raw_put(server_url, SET_NAME, b"\xfe\xff")
    response = raw_put(server_url, SET_NAME, '{"CustomRedirectDomain": "click.example.com"}')
    assert response.status_code == 200
