"""Raw HTTP through moto's threaded server on loopback: status codes and XML bodies.

These tests read the bytes on the wire with xmltodict instead of trusting
botocore's parsed view, so they catch a wrong status, a missing member or an
error that moto serialized through the wrong service model.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import xmltodict

from .helpers import SIGNATURE

NAMESPACE = "http://ses.amazonaws.com/doc/2010-12-01/"


@pytest.fixture
def query(server_url: str) -> Iterator[Any]:
    """Return a function that POSTs one SES v1 Query request and returns the response.

    moto's state is reset before the test, and a configuration set "wire" and
    the verified domain identity example.com are created.
    """
    requests.post(f"{server_url}/moto-api/reset", timeout=10)

    def send(action: str, **parameters: str) -> requests.Response:
        body = {"Action": action, "Version": "2010-12-01", **parameters}
        return requests.post(
            f"{server_url}/", data=body, headers={"Authorization": SIGNATURE}, timeout=30
        )

    assert send("CreateConfigurationSet", **{"ConfigurationSet.Name": "wire"}).status_code == 200
    assert send("VerifyDomainIdentity", Domain="example.com").status_code == 200
    yield send
    requests.post(f"{server_url}/moto-api/reset", timeout=10)


def error_element(response: requests.Response) -> dict[str, Any]:
    """Parse an SES error body and return its Error element."""
    document = xmltodict.parse(response.text)
    assert document["ErrorResponse"]["@xmlns"] == NAMESPACE
    return dict(document["ErrorResponse"]["Error"])


def create_options(
    query: Any, name: str = "wire", domain: str = "click.example.com"
) -> requests.Response:
    response: requests.Response = query(
        "CreateConfigurationSetTrackingOptions",
        ConfigurationSetName=name,
        **{"TrackingOptions.CustomRedirectDomain": domain},
    )
    return response


def described(query: Any) -> dict[str, Any]:
    response = query(
        "DescribeConfigurationSet",
        ConfigurationSetName="wire",
        **{"ConfigurationSetAttributeNames.member.1": "trackingOptions"},
    )
    assert response.status_code == 200
    result = xmltodict.parse(response.text)["DescribeConfigurationSetResponse"][
        "DescribeConfigurationSetResult"
    ]
    return dict(result)


# (description, request parameters, status, wire code, ConfigurationSetName member or None)
ERROR_CASES = [
    (
        "missing set",
        {
            "ConfigurationSetName": "absent",
            "TrackingOptions.CustomRedirectDomain": "click.example.com",
        },
        "ConfigurationSetDoesNotExist",
        "absent",
    ),
    (
        "unverified domain",
        {"ConfigurationSetName": "wire", "TrackingOptions.CustomRedirectDomain": "click.other.org"},
        "InvalidTrackingOptions",
        None,
    ),
    (
        "invalid domain",
        {
            "ConfigurationSetName": "wire",
            "TrackingOptions.CustomRedirectDomain": "-bad-.example.com",
        },
        "InvalidTrackingOptions",
        None,
    ),
    (
        "empty domain",
        {"ConfigurationSetName": "wire", "TrackingOptions.CustomRedirectDomain": ""},
        "InvalidTrackingOptions",
        None,
    ),
    (
        "missing name",
        {"TrackingOptions.CustomRedirectDomain": "click.example.com"},
        "ValidationError",
        None,
    ),
    ("missing options", {"ConfigurationSetName": "wire"}, "ValidationError", None),
]


@pytest.mark.parametrize(
    ("case", "parameters", "code", "member"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES]
)
def test_create_error_on_wire(
    query: Any, case: str, parameters: dict[str, str], code: str, member: str | None
) -> None:
    response = query("CreateConfigurationSetTrackingOptions", **parameters)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/xml")
    error = error_element(response)
    assert error["Type"] == "Sender"
    assert error["Code"] == code
    assert error.get("ConfigurationSetName") == member
    assert error["Message"]


def test_already_exists_on_wire(query: Any) -> None:
    assert create_options(query).status_code == 200
    response = create_options(query)
    assert response.status_code == 400
    error = error_element(response)
    assert error["Code"] == "TrackingOptionsAlreadyExistsException"
    assert error["ConfigurationSetName"] == "wire"


def test_does_not_exist_on_wire(query: Any) -> None:
    response = query("DeleteConfigurationSetTrackingOptions", ConfigurationSetName="wire")
    assert response.status_code == 400
    error = error_element(response)
    assert error["Code"] == "TrackingOptionsDoesNotExistException"
    assert error["ConfigurationSetName"] == "wire"


def test_delete_missing_set_on_wire(query: Any) -> None:
    response = query("DeleteConfigurationSet", ConfigurationSetName="absent")
    assert response.status_code == 400
    assert error_element(response)["Code"] == "ConfigurationSetDoesNotExist"


def test_success_body_on_wire(query: Any) -> None:
    response = create_options(query)
    assert response.status_code == 200
    document = xmltodict.parse(response.text)
    assert "CreateConfigurationSetTrackingOptionsResponse" in document


def test_describe_element_on_wire(query: Any) -> None:
    create_options(query)
    result = described(query)
    assert result["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com"}


def test_describe_bad_attribute_on_wire(query: Any) -> None:
    response = query(
        "DescribeConfigurationSet",
        ConfigurationSetName="wire",
        **{"ConfigurationSetAttributeNames.member.1": "everything"},
    )
    assert response.status_code == 400
    error = error_element(response)
    assert error["Code"] == "ValidationError"
    assert "'everything'" in error["Message"]


# --- Bad input: always a 4xx with well-formed XML, and no state change --------

BAD_DOMAINS = [
    "x" * 1_000_000,
    "<script>.example.com",
    "a&b.example.com",
    "]]>.example.com",
    "\x00.example.com",
    "\x01\x02.example.com",
    "ünïcode.example.com",
    "\udcff.example.com",
    "click.example.com\n",
    " click.example.com",
]


@pytest.mark.parametrize("domain", BAD_DOMAINS, ids=range(len(BAD_DOMAINS)))
def test_bad_domain_is_clean_400(query: Any, domain: str) -> None:
    # surrogateescape turns "\udcff" back into the raw byte 0xFF, which is not UTF-8.
    encoded = domain.encode("utf-8", "surrogateescape")
    response = query(
        "CreateConfigurationSetTrackingOptions",
        ConfigurationSetName="wire",
        **{"TrackingOptions.CustomRedirectDomain": encoded},
    )
    assert response.status_code == 400
    assert error_element(response)["Code"] == "InvalidTrackingOptions"
    assert "TrackingOptions" not in described(query)


BAD_NAMES = ["<&>\"'", "x" * 100_000, "\x00", "\udcff", "]]>"]


@pytest.mark.parametrize("name", BAD_NAMES, ids=range(len(BAD_NAMES)))
def test_bad_name_is_clean_400(query: Any, name: str) -> None:
    encoded = name.encode("utf-8", "surrogateescape")
    response = query("DeleteConfigurationSetTrackingOptions", ConfigurationSetName=encoded)
    assert response.status_code == 400
    assert error_element(response)["Code"] == "ConfigurationSetDoesNotExist"


def test_failed_update_changes_nothing(query: Any) -> None:
    create_options(query)
    response = query(
        "UpdateConfigurationSetTrackingOptions",
        ConfigurationSetName="wire",
        **{"TrackingOptions.CustomRedirectDomain": "x" * 1_000_000},
    )
    assert response.status_code == 400
    assert described(query)["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com"}


def test_repeated_name_rejected(query: Any, server_url: str) -> None:
    body = (
        "Action=CreateConfigurationSetTrackingOptions&Version=2010-12-01"
        "&ConfigurationSetName=wire&ConfigurationSetName=other"
        "&TrackingOptions.CustomRedirectDomain=click.example.com"
    )
    headers = {"Authorization": SIGNATURE, "Content-Type": "application/x-www-form-urlencoded"}
    response = requests.post(f"{server_url}/", data=body, headers=headers, timeout=30)
    assert response.status_code == 400
    assert error_element(response)["Code"] == "InvalidQueryParameter"


# (action, parameters without the required member, member named in the message)
MISSING_MEMBERS = [
    ("VerifyDomainIdentity", {}, "domain"),
    ("VerifyDomainDkim", {}, "domain"),
    ("DeleteIdentity", {}, "identity"),
    ("DescribeConfigurationSet", {}, "configurationSetName"),
    ("DeleteConfigurationSet", {}, "configurationSetName"),
    ("CreateConfigurationSetTrackingOptions", {"ConfigurationSetName": "wire"}, "trackingOptions"),
]


@pytest.mark.parametrize(("action", "parameters", "member"), MISSING_MEMBERS)
def test_missing_member_is_validation_error(
    query: Any, action: str, parameters: dict[str, str], member: str
) -> None:
    response = query(action, **parameters)
    assert response.status_code == 400
    error = error_element(response)
    assert error["Code"] == "ValidationError"
    assert f"Value null at '{member}'" in error["Message"]


def test_nameless_delete_keeps_none_set(query: Any) -> None:
    assert query("CreateConfigurationSet", **{"ConfigurationSet.Name": "None"}).status_code == 200
    assert query("DeleteConfigurationSet").status_code == 400
    assert query("DescribeConfigurationSet", ConfigurationSetName="None").status_code == 200


def test_delete_unknown_address_succeeds(query: Any) -> None:
    response = query("DeleteIdentity", Identity="nobody@example.com")
    assert response.status_code == 200


def test_gzip_body_is_inflated(query: Any, server_url: str) -> None:
    body = gzip.compress(
        b"Action=CreateConfigurationSet&Version=2010-12-01&ConfigurationSet.Name=zipped"
    )
    headers = {
        "Authorization": SIGNATURE,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Encoding": "gzip",
    }
    response = requests.post(f"{server_url}/", data=body, headers=headers, timeout=30)
    assert response.status_code == 200
    assert query("DescribeConfigurationSet", ConfigurationSetName="zipped").status_code == 200
