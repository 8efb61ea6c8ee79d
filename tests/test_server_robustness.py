"""Malformed and racing SES API v1 requests, sent as raw HTTP to moto's threaded server.

The expectations:

- A malformed request gets a 4xx with a well-formed SES XML error body, never
  a 5xx, an empty body or HTML. The malformed requests have a missing or
  unknown ``Action``, an unknown ``Version``, a repeated parameter, bytes that
  are not UTF-8, a value of 1 MB or XML metacharacters.
- After a malformed request, the server still serves the next one.
- Racing writes to one configuration set behave as if they ran one after the
  other: one of 32 creates wins, the others get
  TrackingOptionsAlreadyExistsException, and racing updates leave one of the
  written domains.

Where it can, a malformed request is built to succeed if the server silently
took one value of a repeated parameter or ignored the bad part. So a 200
response shows that the server accepted the malformed request.

The races are bounded: 32 requests each, a timeout on every request and on the
barrier, and an overall deadline, after which the test fails and the threads
end by their own timeouts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any
from urllib.parse import quote_from_bytes
from xml.parsers.expat import ExpatError

import pytest
import requests
import xmltodict

from .helpers import SIGNATURE

FORM_HEADERS = {
    "Authorization": SIGNATURE,
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
}
NAMESPACE = "http://ses.amazonaws.com/doc/2010-12-01/"
VERSION = "2010-12-01"
REQUEST_TIMEOUT = (5, 60)  # seconds to connect, seconds to read

SET_NAME = "wire"
OTHER_SET_NAME = "other"
VERIFIED_DOMAIN = "example.com"
TRACKING_DOMAIN = "click.example.com"
OTHER_TRACKING_DOMAIN = "links.example.com"
XML_METACHARACTERS = "<a&b\"'>]]>"
MEGABYTE = 1_000_000
# Error messages cut an echoed value after 100 characters, so no error body
# needs to be anywhere near this size.
MAX_ERROR_BODY = 10_000

CREATE = "CreateConfigurationSetTrackingOptions"
UPDATE = "UpdateConfigurationSetTrackingOptions"
DELETE = "DeleteConfigurationSetTrackingOptions"
DESCRIBE = "DescribeConfigurationSet"
OPERATIONS = [CREATE, UPDATE, DELETE, DESCRIBE]
DOMAIN_OPERATIONS = [CREATE, UPDATE]

NAME_KEY = b"ConfigurationSetName"
DOMAIN_KEY = b"TrackingOptions.CustomRedirectDomain"

Parameters = list[tuple[bytes, bytes]]


# --- Raw requests -----------------------------------------------------------------


def form_body(parameters: Parameters, raw_values: bool = False) -> bytes:
    """Percent-encode a list of parameters into a form body, keeping repeats and order.

    With ``raw_values``, values go into the body as they are, so bytes that are
    not UTF-8 reach the server undecoded.
    """
    pairs = []
    for key, value in parameters:
        encoded_value = value if raw_values else quote_from_bytes(value, safe=b"").encode()
        pairs.append(quote_from_bytes(key, safe=b"").encode() + b"=" + encoded_value)
    return b"&".join(pairs)


def post(url: str, body: bytes) -> requests.Response:
    return requests.post(f"{url}/", data=body, headers=FORM_HEADERS, timeout=REQUEST_TIMEOUT)


def call(url: str, action: str, **parameters: str) -> requests.Response:
    """Send one well-formed SES v1 request."""
    pairs = [(b"Action", action.encode()), (b"Version", VERSION.encode())]
    pairs += [(key.encode(), value.encode()) for key, value in parameters.items()]
    return post(url, form_body(pairs))


def create_options(
    url: str, name: str = SET_NAME, domain: str = TRACKING_DOMAIN
) -> requests.Response:
    return call(url, CREATE, ConfigurationSetName=name, **{DOMAIN_KEY.decode(): domain})


def update_options(
    url: str, name: str = SET_NAME, domain: str = TRACKING_DOMAIN
) -> requests.Response:
    return call(url, UPDATE, ConfigurationSetName=name, **{DOMAIN_KEY.decode(): domain})


def described_domain(url: str, name: str = SET_NAME) -> str | None:
    """Return the CustomRedirectDomain that DescribeConfigurationSet returns, or None."""
    response = call(
        url,
        DESCRIBE,
        ConfigurationSetName=name,
        **{"ConfigurationSetAttributeNames.member.1": "trackingOptions"},
    )
    assert response.status_code == 200, response.text
    result = xmltodict.parse(response.content)["DescribeConfigurationSetResponse"][
        "DescribeConfigurationSetResult"
    ]
    options = result.get("TrackingOptions") or {}
    domain: str | None = options.get("CustomRedirectDomain")
    return domain


def xml_error(response: requests.Response) -> dict[str, Any]:
    """Parse an SES XML error body and return its Error element, failing on any other body."""
    try:
        document = xmltodict.parse(response.content)
    except ExpatError as error:
        pytest.fail(
            f"body is not well-formed XML ({error}): status {response.status_code}, "
            f"Content-Type {response.headers.get('Content-Type')!r}, "
            f"body {response.content[:300]!r}"
        )
    assert "ErrorResponse" in document, f"not an SES error body: {response.content[:300]!r}"
    assert document["ErrorResponse"].get("@xmlns") == NAMESPACE
    return dict(document["ErrorResponse"]["Error"])


def reset(url: str) -> None:
    response = requests.post(f"{url}/moto-api/reset", timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200


@pytest.fixture
def server(server_url: str) -> Iterator[str]:
    """Return the server's URL after a reset, with two sets and one verified domain.

    The configuration sets SET_NAME and OTHER_SET_NAME exist without tracking
    options, and the domain identity VERIFIED_DOMAIN is verified.
    """
    reset(server_url)
    assert call(server_url, "CreateConfigurationSet", **{"ConfigurationSet.Name": SET_NAME}).ok
    assert call(
        server_url, "CreateConfigurationSet", **{"ConfigurationSet.Name": OTHER_SET_NAME}
    ).ok
    assert call(server_url, "VerifyDomainIdentity", Domain=VERIFIED_DOMAIN).ok
    yield server_url
    reset(server_url)


def prepare_for(url: str, operation: str) -> None:
    """Give both sets tracking options when ``operation`` needs them to succeed."""
    if operation in (UPDATE, DELETE):
        for name in (SET_NAME, OTHER_SET_NAME):
            assert create_options(url, name).status_code == 200


def valid_parameters(operation: str) -> Parameters:
    """Return the parameters of a request for ``operation`` that succeeds after prepare_for."""
    parameters: Parameters = [
        (b"Action", operation.encode()),
        (b"Version", VERSION.encode()),
        (NAME_KEY, SET_NAME.encode()),
    ]
    if operation in DOMAIN_OPERATIONS:
        parameters.append((DOMAIN_KEY, TRACKING_DOMAIN.encode()))
    if operation == DESCRIBE:
        parameters.append((b"ConfigurationSetAttributeNames.member.1", b"trackingOptions"))
    return parameters


def replaced(parameters: Parameters, key: bytes, value: bytes) -> Parameters:
    return [(k, value if k == key else v) for k, v in parameters]


def repeated(parameters: Parameters, key: bytes, value: bytes) -> Parameters:
    """Return the parameters with a second ``key`` right after the first."""
    result: Parameters = []
    for k, v in parameters:
        result.append((k, v))
        if k == key:
            result.append((key, value))
    return result


# --- Malformed requests -------------------------------------------------------------

# Each case turns valid parameters into a request body.
MalformedBody = Callable[[Parameters], bytes]

# (case id, operations it applies to, body)
MALFORMED_CASES: list[tuple[str, list[str], MalformedBody]] = [
    (
        "missing action",
        OPERATIONS,
        lambda p: form_body([(k, v) for k, v in p if k != b"Action"]),
    ),
    ("empty action", OPERATIONS, lambda p: form_body(replaced(p, b"Action", b""))),
    ("unknown version", OPERATIONS, lambda p: form_body(replaced(p, b"Version", b"2099-01-01"))),
    (
        "repeated name",
        OPERATIONS,
        lambda p: form_body(repeated(p, NAME_KEY, OTHER_SET_NAME.encode())),
    ),
    (
        "repeated domain",
        DOMAIN_OPERATIONS,
        lambda p: form_body(repeated(p, DOMAIN_KEY, OTHER_TRACKING_DOMAIN.encode())),
    ),
    (
        "raw non-UTF-8 name",
        OPERATIONS,
        lambda p: form_body(replaced(p, NAME_KEY, b"wire\xff\xfe"), raw_values=True),
    ),
    (
        "encoded non-UTF-8 name",
        OPERATIONS,
        lambda p: form_body(replaced(p, NAME_KEY, b"wire\xff\xfe")),
    ),
    (
        "raw non-UTF-8 domain",
        DOMAIN_OPERATIONS,
        lambda p: form_body(replaced(p, DOMAIN_KEY, b"click\xff.example.com"), raw_values=True),
    ),
    (
        "encoded non-UTF-8 domain",
        DOMAIN_OPERATIONS,
        lambda p: form_body(replaced(p, DOMAIN_KEY, b"click\xff.example.com")),
    ),
    ("1 MB name", OPERATIONS, lambda p: form_body(replaced(p, NAME_KEY, b"w" * MEGABYTE))),
    (
        "1 MB domain",
        DOMAIN_OPERATIONS,
        lambda p: form_body(replaced(p, DOMAIN_KEY, b"c" * MEGABYTE + b".example.com")),
    ),
    (
        "XML metacharacters name",
        OPERATIONS,
        lambda p: form_body(replaced(p, NAME_KEY, XML_METACHARACTERS.encode())),
    ),
    (
        "XML metacharacters domain",
        DOMAIN_OPERATIONS,
        lambda p: form_body(replaced(p, DOMAIN_KEY, f"{XML_METACHARACTERS}.example.com".encode())),
    ),
]

MALFORMED_PARAMS = [
    pytest.param(operation, body, id=f"{operation}-{case}")
    for case, operations, body in MALFORMED_CASES
    for operation in operations
]


@pytest.mark.parametrize(("operation", "body"), MALFORMED_PARAMS)
def test_malformed_gets_xml_4xx(server: str, operation: str, body: MalformedBody) -> None:
    prepare_for(server, operation)

    response = post(server, body(valid_parameters(operation)))

    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.headers.get("Content-Type", "").startswith("text/xml")
    assert xml_error(response)["Code"]
    assert len(response.content) < MAX_ERROR_BODY


@pytest.mark.parametrize(("operation", "body"), MALFORMED_PARAMS)
def test_malformed_then_serving(server: str, operation: str, body: MalformedBody) -> None:
    prepare_for(server, operation)
    post(server, body(valid_parameters(operation)))
    response = call(server, "ListConfigurationSets")
    assert response.status_code == 200


@pytest.mark.parametrize("operation", OPERATIONS)
def test_metacharacter_name_echoed_intact(server: str, operation: str) -> None:
    body = form_body(replaced(valid_parameters(operation), NAME_KEY, XML_METACHARACTERS.encode()))
    error = xml_error(post(server, body))
    assert error["Code"] == "ConfigurationSetDoesNotExist"
    assert error["ConfigurationSetName"] == XML_METACHARACTERS


def test_unknown_action_gets_xml_4xx(server: str) -> None:
    response = call(server, "CreateConfigurationSetTrackingOption", ConfigurationSetName=SET_NAME)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert xml_error(response)["Code"]


def test_stored_metacharacter_name_round_trips(server: str) -> None:
    """A set whose name contains XML metacharacters keeps responses well-formed."""
    created = call(
        server, "CreateConfigurationSet", **{"ConfigurationSet.Name": XML_METACHARACTERS}
    )
    assert created.status_code == 200
    assert create_options(server, XML_METACHARACTERS).status_code == 200
    assert update_options(server, XML_METACHARACTERS, OTHER_TRACKING_DOMAIN).status_code == 200

    response = call(
        server,
        DESCRIBE,
        ConfigurationSetName=XML_METACHARACTERS,
        **{"ConfigurationSetAttributeNames.member.1": "trackingOptions"},
    )
    result = xmltodict.parse(response.content)["DescribeConfigurationSetResponse"][
        "DescribeConfigurationSetResult"
    ]
    assert result["ConfigurationSet"]["Name"] == XML_METACHARACTERS
    assert result["TrackingOptions"] == {"CustomRedirectDomain": OTHER_TRACKING_DOMAIN}


# --- Races ----------------------------------------------------------------------------

RACERS = 32
BARRIER_TIMEOUT = 30.0
RACE_DEADLINE = 120.0


def race(send: Callable[[int], requests.Response]) -> list[requests.Response]:
    """Call ``send(0)`` to ``send(RACERS - 1)`` in RACERS threads released together.

    Fails the test when a thread raised, or when any thread is still running
    after RACE_DEADLINE seconds. Such threads end by their request timeouts.
    """
    barrier = threading.Barrier(RACERS, timeout=BARRIER_TIMEOUT)

    def racer(index: int) -> requests.Response:
        barrier.wait()
        return send(index)

    pool = ThreadPoolExecutor(max_workers=RACERS, thread_name_prefix="racer")
    try:
        futures: list[Future[requests.Response]] = [
            pool.submit(racer, index) for index in range(RACERS)
        ]
        _, running = wait(futures, timeout=RACE_DEADLINE)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)

    assert not running, f"{len(running)} racers still running after {RACE_DEADLINE} s"
    raised = [repr(future.exception()) for future in futures if future.exception() is not None]
    assert raised == []
    return [future.result() for future in futures]


def racing_domains(url: str) -> list[str]:
    """Verify RACERS distinct domain identities and return their names."""
    domains = [f"race{index}.test" for index in range(RACERS)]
    for domain in domains:
        assert call(url, "VerifyDomainIdentity", Domain=domain).status_code == 200
    return domains


def error_codes(responses: list[requests.Response]) -> set[str]:
    return {
        str(xml_error(response)["Code"]) for response in responses if response.status_code != 200
    }


def test_race_create_one_wins(server: str) -> None:
    domains = racing_domains(server)

    responses = race(lambda index: create_options(server, SET_NAME, domains[index]))

    statuses = [response.status_code for response in responses]
    winners = [index for index, status in enumerate(statuses) if status == 200]
    assert [status for status in statuses if status >= 500] == []
    assert len(winners) == 1
    assert statuses.count(400) == RACERS - 1
    assert error_codes(responses) == {"TrackingOptionsAlreadyExistsException"}
    assert described_domain(server) == domains[winners[0]]


def test_race_update_keeps_one(server: str) -> None:
    domains = racing_domains(server)
    assert create_options(server).status_code == 200

    responses = race(lambda index: update_options(server, SET_NAME, domains[index]))

    statuses = [response.status_code for response in responses]
    assert [status for status in statuses if status >= 500] == []
    assert statuses == [200] * RACERS
    assert described_domain(server) in domains


def test_race_delete_one_wins(server: str) -> None:
    assert create_options(server).status_code == 200

    responses = race(lambda index: call(server, DELETE, ConfigurationSetName=SET_NAME))

    statuses = [response.status_code for response in responses]
    assert [status for status in statuses if status >= 500] == []
    assert statuses.count(200) == 1
    assert statuses.count(400) == RACERS - 1
    assert error_codes(responses) == {"TrackingOptionsDoesNotExistException"}
    assert described_domain(server) is None
