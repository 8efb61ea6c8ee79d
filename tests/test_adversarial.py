"""Adversarial tests: requests, state and activation sequences that aim to break the extension.

Each test states the behaviour an SES user would expect. Where a test covers a
failure that moto shows without the extension too, its docstring states that.
Server-mode tests send raw HTTP to the session's loopback ThreadedMotoServer and
reset moto's state before and after. Every request has a timeout, and the
threaded tests are bounded in threads, requests and time.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import boto3
import moto
import pytest
import requests
import xmltodict
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import errors as moto_errors
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.moto_api import state_manager
from moto.ses.models import EmailIdentity, SESBackend, ses_backends
from moto.ses.responses import EmailResponse
from moto.sesv2 import urls as moto_sesv2_urls
from moto.sesv2.models import SESV2Backend
from moto.sesv2.responses import SESV2Response

import moto_ses_tracking

from .helpers import REGION, SET_NAME, SIGNATURE, TRACKING_DOMAIN, VERIFIED_DOMAIN, error_of

MODEL = "ses::identity"
REQUEST_TIMEOUT = (5, 60)  # seconds to connect, seconds to read

FORM_HEADERS = {
    "Authorization": SIGNATURE,
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
}
JSON_HEADERS = {"Authorization": SIGNATURE, "Content-Type": "application/json"}

# A JSON document nested deeper than Python's recursion limit.
NESTING_DEPTH = 100_000
DEEP_ARRAY = "[" * NESTING_DEPTH + "]" * NESTING_DEPTH


# --- Raw HTTP helpers ---------------------------------------------------------------


def reset(url: str) -> None:
    response = requests.post(f"{url}/moto-api/reset", timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200


def v1_call(url: str, action: str, **parameters: str) -> requests.Response:
    """Send one SES API v1 Query request."""
    body = {"Action": action, "Version": "2010-12-01", **parameters}
    return requests.post(f"{url}/", data=body, headers=FORM_HEADERS, timeout=REQUEST_TIMEOUT)


def v2_call(
    url: str, method: str, path: str, body: str | bytes | None = None, **headers: str
) -> requests.Response:
    """Send one SES API v2 request with a raw body."""
    return requests.request(
        method,
        f"{url}{path}",
        data=body,
        headers={**JSON_HEADERS, **headers},
        timeout=REQUEST_TIMEOUT,
    )


def tracking_path(name: str) -> str:
    return f"/v2/email/configuration-sets/{quote(name, safe='')}/tracking-options"


def v2_domain(url: str, name: str = SET_NAME) -> str | None:
    """Return the CustomRedirectDomain that API v2 GetConfigurationSet returns, or None."""
    response = v2_call(url, "GET", f"/v2/email/configuration-sets/{quote(name, safe='')}")
    assert response.status_code == 200, response.text[:300]
    domain: str | None = response.json().get("TrackingOptions", {}).get("CustomRedirectDomain")
    return domain


def v1_domain(url: str, name: str = SET_NAME) -> str | None:
    """Return the CustomRedirectDomain that API v1 DescribeConfigurationSet returns, or None."""
    response = v1_call(
        url,
        "DescribeConfigurationSet",
        ConfigurationSetName=name,
        **{"ConfigurationSetAttributeNames.member.1": "trackingOptions"},
    )
    assert response.status_code == 200, response.text[:300]
    result = xmltodict.parse(response.content)["DescribeConfigurationSetResponse"][
        "DescribeConfigurationSetResult"
    ]
    domain: str | None = (result.get("TrackingOptions") or {}).get("CustomRedirectDomain")
    return domain


def json_error_type(response: requests.Response) -> str:
    """Return the ``__type`` of an SES API v2 JSON error body, failing on any other body."""
    try:
        document = response.json()
    except ValueError:
        pytest.fail(f"status {response.status_code}, body not JSON: {response.content[:300]!r}")
    assert isinstance(document, dict), document
    return str(document.get("__type"))


def xml_error_code(response: requests.Response) -> str:
    """Return the Code of an SES API v1 XML error body."""
    document = xmltodict.parse(response.content)
    return str(document["ErrorResponse"]["Error"]["Code"])


@pytest.fixture
def server(server_url: str) -> Iterator[str]:
    """Return the server's URL after a reset, with SET_NAME created and VERIFIED_DOMAIN verified."""
    reset(server_url)
    assert v1_call(server_url, "CreateConfigurationSet", **{"ConfigurationSet.Name": SET_NAME}).ok
    assert v1_call(server_url, "VerifyDomainIdentity", Domain=VERIFIED_DOMAIN).ok
    yield server_url
    reset(server_url)


@pytest.fixture
def tracked_server(server: str) -> str:
    """Return the server's URL with TRACKING_DOMAIN stored for SET_NAME through API v2."""
    body = json.dumps({"CustomRedirectDomain": TRACKING_DOMAIN, "HttpsPolicy": "REQUIRE"})
    assert v2_call(server, "PUT", tracking_path(SET_NAME), body).status_code == 200
    return server


# --- API v2 path names ---------------------------------------------------------------

# A configuration set name that contains a percent-escape, and the name that the
# escape decodes to.
PERCENT_NAME = "a%41"
DECODED_NAME = "aA"


@pytest.fixture
def percent_sets(ses: Any, sesv2: Any) -> Any:
    """Create the sets PERCENT_NAME and DECODED_NAME, and verify VERIFIED_DOMAIN."""
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    for name in (PERCENT_NAME, DECODED_NAME):
        ses.create_configuration_set(ConfigurationSet={"Name": name})
    sesv2.put_configuration_set_tracking_options(
        ConfigurationSetName=PERCENT_NAME, CustomRedirectDomain=TRACKING_DOMAIN
    )
    return sesv2


def test_v2_put_percent_name_own_set(percent_sets: Any) -> None:
    """boto3 sends "a%2541" for "a%41", and the Put must decode the path once, as Get does."""
    described = percent_sets.get_configuration_set(ConfigurationSetName=PERCENT_NAME)
    assert described.get("TrackingOptions") == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_v2_put_percent_name_spares_other(percent_sets: Any) -> None:
    described = percent_sets.get_configuration_set(ConfigurationSetName=DECODED_NAME)
    assert "TrackingOptions" not in described


# --- API v2 malformed requests -------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("PUT", tracking_path(SET_NAME), id="put"),
        pytest.param("POST", "/v2/email/configuration-sets", id="create"),
    ],
)
def test_v2_deep_json_is_400(server: str, method: str, path: str) -> None:
    """A body nested past the recursion limit is a BadRequestException, not a 500.

    Put is an operation of the extension. For Create, moto's own handler fails
    the same way without the extension, but the extension reads the body first.
    """
    response = v2_call(server, method, path, DEEP_ARRAY)
    assert response.status_code == 400, response.content[:300]
    assert json_error_type(response) == "BadRequestException"


def test_v2_nameless_get_is_404(server: str) -> None:
    """A GetConfigurationSet without a name is a 404, as moto returns without the extension.

    moto takes the operation from an ``Action`` query parameter, so this request
    reaches GetConfigurationSet with no ConfigurationSetName.
    """
    response = v2_call(server, "GET", "/v2/email/configuration-sets?Action=GetConfigurationSet")
    assert response.status_code == 404, response.content[:300]
    assert json_error_type(response) == "NotFoundException"


@pytest.mark.parametrize(
    "action", ["DeleteConfigurationSet", "CallAction", "SetupClass", "_get_param", "Sesv2Backend"]
)
def test_v2_query_action_no_5xx(server: str, action: str) -> None:
    """An ``Action`` query parameter on an API v2 path gets a JSON 4xx.

    All five are 500s in moto without the extension too. moto calls the method
    named by ``Action`` on its SESv2 handler class, even one that is no SES
    operation, and CallAction recurses without end. DeleteConfigurationSet with no
    name fails inside the extension's NotFoundException message.
    """
    response = v2_call(server, "GET", f"/v2/email/configuration-sets?Action={action}")
    assert 400 <= response.status_code < 500, response.content[:300]
    assert json_error_type(response)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "PATCH"])
def test_v2_wrong_method_keeps_options(tracked_server: str, method: str) -> None:
    """Only PUT writes tracking options, and other methods on the route change nothing."""
    response = v2_call(tracked_server, method, tracking_path(SET_NAME), "{}")
    assert 400 <= response.status_code < 500, response.content[:300]
    assert v2_domain(tracked_server) == TRACKING_DOMAIN


# --- Compressed request bodies -------------------------------------------------------


def test_v1_gzip_body_served(server: str) -> None:
    """moto inflates a gzip-encoded body before it parses it, and so must the extension."""
    body = gzip.compress(
        b"Action=CreateConfigurationSet&Version=2010-12-01&ConfigurationSet.Name=gz"
    )
    response = requests.post(
        f"{server}/",
        data=body,
        headers={**FORM_HEADERS, "Content-Encoding": "gzip"},
        timeout=REQUEST_TIMEOUT,
    )
    assert response.status_code == 200, response.content[:300]


@pytest.mark.skipif(
    tuple(int(part) for part in moto.__version__.split(".")[:2]) < (5, 2),
    reason="moto 5.1 inflates a gzip-encoded SESv2 body twice in server mode, a 500 "
    "without the extension too",
)
def test_v2_gzip_body_served(server: str) -> None:
    body = gzip.compress(json.dumps({"CustomRedirectDomain": TRACKING_DOMAIN}).encode())
    response = v2_call(server, "PUT", tracking_path(SET_NAME), body, **{"Content-Encoding": "gzip"})
    assert response.status_code == 200, response.content[:300]


# --- API v1 actions and parameters ---------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "_RequiredName",
        "RequiredDomain",
        "AttributeNames",
        "Backend",
        "CallAction",
        "SetupClass",
        "describe_configuration_set",
    ],
)
def test_v1_private_action_is_4xx(server: str, action: str) -> None:
    """Action names of helpers or of moto's own methods never run them."""
    response = v1_call(server, action, ConfigurationSetName=SET_NAME)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert xml_error_code(response)


@pytest.fixture
def lenient_ses(aws: None) -> Any:
    """Return an SES v1 client that sends what botocore's validation would reject."""
    return boto3.client("ses", region_name=REGION, config=Config(parameter_validation=False))


def test_v1_nameless_delete_set_validation(lenient_ses: Any) -> None:
    """DeleteConfigurationSet without ConfigurationSetName is a ValidationError.

    moto's handler turns the missing name into the text "None". Without the
    extension that is a 500, and with it a ConfigurationSetDoesNotExist for <None>.
    """
    with pytest.raises(ClientError) as raised:
        lenient_ses.delete_configuration_set()
    assert error_of(raised)["Code"] == "ValidationError"


def test_v1_nameless_delete_keeps_none_set(lenient_ses: Any) -> None:
    """A request without a name must not delete the set that is named "None"."""
    lenient_ses.create_configuration_set(ConfigurationSet={"Name": "None"})
    with contextlib.suppress(ClientError):
        lenient_ses.delete_configuration_set()
    names = [entry["Name"] for entry in lenient_ses.list_configuration_sets()["ConfigurationSets"]]
    assert names == ["None"]


def test_v1_describe_pre_activation_domain(inactive: None) -> None:
    """A domain that moto stored before activation never makes DescribeConfigurationSet malformed.

    Without the extension, moto's API v2 CreateConfigurationSet stores any
    TrackingOptions. After activation, the v1 Describe writes that domain into
    its XML, and a control character there is not well-formed XML 1.0.
    """
    with mock_aws():
        ses = boto3.client("ses", region_name=REGION)
        sesv2 = boto3.client("sesv2", region_name=REGION)
        sesv2.create_configuration_set(
            ConfigurationSetName=SET_NAME,
            TrackingOptions={"CustomRedirectDomain": "click\x01.example.com"},
        )
        moto_ses_tracking.activate()

        described = ses.describe_configuration_set(
            ConfigurationSetName=SET_NAME, ConfigurationSetAttributeNames=["trackingOptions"]
        )
        assert described["ConfigurationSet"]["Name"] == SET_NAME


# --- Identities ----------------------------------------------------------------------


def test_first_check_keeps_racing_identities(ses: Any) -> None:
    """Identities created while the first tracking check indexes the backend are kept.

    The first check replaces the backend's identity dict with an indexed copy.
    An identity that another thread (of a threaded server) stores in the old
    dict during the copy must not be lost.
    """
    backend = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    for index in range(20_000):
        backend.verify_domain(f"filler{index}.example.org")

    created: list[str] = []
    stop = threading.Event()

    def create_identities() -> None:
        while not stop.is_set() and len(created) < 200_000:
            name = f"racer{len(created)}.example.net"
            backend.verify_domain(name)
            created.append(name)

    writer = threading.Thread(target=create_identities, daemon=True)
    writer.start()
    deadline = time.monotonic() + 10
    while len(created) < 100 and time.monotonic() < deadline:
        time.sleep(0.001)
    try:
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN}
        )
        time.sleep(0.01)
    finally:
        stop.set()
        writer.join(timeout=10)

    lost = [name for name in created if name not in backend.email_identities]
    assert lost == [], f"{len(lost)} of {len(created)} identities lost, first {lost[:3]}"


@pytest.mark.parametrize("deleted", ["Example.COM", "example.com"])
def test_case_variant_delete_keeps_other(ses: Any, sesv2: Any, deleted: str) -> None:
    """API v2 keeps both spellings as identities, and deleting one leaves the other verifying."""
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    sesv2.create_email_identity(EmailIdentity="Example.COM")
    sesv2.create_email_identity(EmailIdentity="example.com")

    sesv2.delete_email_identity(EmailIdentity=deleted)

    sesv2.put_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, CustomRedirectDomain="click.EXAMPLE.com"
    )


def test_case_variants_both_deleted(ses: Any, sesv2: Any) -> None:
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    for name in ("Example.COM", "example.com"):
        sesv2.create_email_identity(EmailIdentity=name)
    for name in ("Example.COM", "example.com"):
        sesv2.delete_email_identity(EmailIdentity=name)

    with pytest.raises(sesv2.exceptions.BadRequestException):
        sesv2.put_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, CustomRedirectDomain=TRACKING_DOMAIN
        )


@pytest.fixture
def transition() -> Iterator[Callable[[dict[str, Any]], None]]:
    """Return a function that sets the ses::identity transition, unset after the test."""
    yield lambda config: state_manager.set_transition(MODEL, config)
    state_manager.unset_transition(MODEL)


def listed_status(sesv2: Any, name: str) -> str:
    """Return an identity's status from ListEmailIdentities, which does not advance it."""
    for identity in sesv2.list_email_identities()["EmailIdentities"]:
        if identity["IdentityName"] == name:
            return str(identity["VerificationStatus"])
    raise AssertionError(f"identity {name} not listed")


def test_v2_recreate_keeps_verification(
    sesv2: Any, transition: Callable[[dict[str, Any]], None]
) -> None:
    """A second CreateEmailIdentity never turns a verified identity back to Pending.

    SES rejects it with AlreadyExistsException. moto accepts it and replaces the
    identity, which was harmless while every identity read as verified.
    """
    transition({"progression": "manual", "times": 1})
    sesv2.create_email_identity(EmailIdentity=VERIFIED_DOMAIN)
    sesv2.get_email_identity(EmailIdentity=VERIFIED_DOMAIN)
    assert listed_status(sesv2, VERIFIED_DOMAIN) == "SUCCESS"

    with contextlib.suppress(sesv2.exceptions.AlreadyExistsException):
        sesv2.create_email_identity(EmailIdentity=VERIFIED_DOMAIN)

    assert listed_status(sesv2, VERIFIED_DOMAIN) == "SUCCESS"


@pytest.mark.parametrize("times", [0, -1])
def test_manual_zero_times_verifies_at_once(
    ses: Any, transition: Callable[[dict[str, Any]], None], times: int
) -> None:
    transition({"progression": "manual", "times": times})
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN}
    )


def test_time_transition_verifies_later(
    ses: Any, transition: Callable[[dict[str, Any]], None]
) -> None:
    transition({"progression": "time", "seconds": 0.2})
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    options = {"CustomRedirectDomain": TRACKING_DOMAIN}
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions=options
        )

    time.sleep(0.3)

    ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions=options
    )


@pytest.mark.parametrize(
    "config",
    [
        pytest.param({"progression": "manual"}, id="manual-without-times"),
        pytest.param({"progression": "manual", "times": "2"}, id="manual-text-times"),
        pytest.param({"progression": "time"}, id="time-without-seconds"),
    ],
)
def test_bad_transition_no_5xx(server: str, config: dict[str, Any]) -> None:
    """An incomplete ses::identity transition must not turn VerifyDomainIdentity into a 500.

    moto's state-manager endpoint accepts any transition, and its ManagedState
    fails when it reads one without its count. Without the extension, SES never
    reads this model, so the failure is new with it.
    """
    endpoint = f"{server}/moto-api/state-manager"
    body: dict[str, Any] = {"model_name": MODEL, "transition": config}
    requests.post(f"{endpoint}/set-transition", json=body, timeout=REQUEST_TIMEOUT)
    try:
        response = v1_call(server, "VerifyDomainIdentity", Domain="other.example.org")
    finally:
        unset = {"model_name": MODEL}
        requests.post(f"{endpoint}/unset-transition", json=unset, timeout=REQUEST_TIMEOUT)
    assert response.status_code < 500, response.content[:300]


# --- Settings ------------------------------------------------------------------------


def test_ses_config_text_value_error() -> None:
    """A "ses" config that is not a mapping raises ValueError naming the choices."""
    with mock_aws(config={"ses": "exact"}):  # type: ignore[call-overload]
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
        with pytest.raises(ValueError, match="'parent', 'exact'"):
            ses.create_configuration_set_tracking_options(
                ConfigurationSetName=SET_NAME,
                TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN},
            )


# --- Activation ----------------------------------------------------------------------

PATCHED_CLASSES = (SESBackend, EmailIdentity, EmailResponse, SESV2Backend, SESV2Response)


def cycle_activation(rounds: int) -> None:
    for _ in range(rounds):
        moto_ses_tracking.activate()
        moto_ses_tracking.deactivate()


def test_threaded_cycles_restore_classes(inactive: None) -> None:
    """Racing activate() and deactivate() calls leave every patched class exactly as before."""
    before = {owner: dict(vars(owner)) for owner in PATCHED_CLASSES}
    routes = list(moto_sesv2_urls.url_paths.items())
    defaults = dict(state_manager._default_transitions)
    common_codes = moto_errors.COMMON_ERROR_CODES

    threads = [threading.Thread(target=cycle_activation, args=(25,)) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert not moto_ses_tracking.is_active()
    for owner in PATCHED_CLASSES:
        assert dict(vars(owner)) == before[owner], owner.__name__
    assert list(moto_sesv2_urls.url_paths.items()) == routes
    assert dict(state_manager._default_transitions) == defaults
    assert moto_errors.COMMON_ERROR_CODES is common_codes


# --- Concurrency through the server --------------------------------------------------

RACE_THREADS = 48
RACE_REQUESTS = 384
RACE_DEADLINE = 120  # seconds


def race_request(url: str, index: int) -> requests.Response:
    """Send one of eight v1 and v2 operations on SET_NAME, chosen by ``index``."""
    domain = f"d{index}.{VERIFIED_DOMAIN}"
    set_path = f"/v2/email/configuration-sets/{SET_NAME}"
    options = {"TrackingOptions.CustomRedirectDomain": domain}
    operations: list[Callable[[], requests.Response]] = [
        lambda: v1_call(
            url, "CreateConfigurationSetTrackingOptions", ConfigurationSetName=SET_NAME, **options
        ),
        lambda: v1_call(
            url, "UpdateConfigurationSetTrackingOptions", ConfigurationSetName=SET_NAME, **options
        ),
        lambda: v1_call(
            url, "DeleteConfigurationSetTrackingOptions", ConfigurationSetName=SET_NAME
        ),
        lambda: v2_call(
            url,
            "PUT",
            tracking_path(SET_NAME),
            json.dumps({"CustomRedirectDomain": domain, "HttpsPolicy": "OPTIONAL"}),
        ),
        lambda: v2_call(url, "DELETE", set_path),
        lambda: v2_call(
            url,
            "POST",
            "/v2/email/configuration-sets",
            json.dumps(
                {
                    "ConfigurationSetName": SET_NAME,
                    "TrackingOptions": {"CustomRedirectDomain": domain},
                }
            ),
        ),
        lambda: v2_call(url, "GET", set_path),
        lambda: v1_call(
            url,
            "DescribeConfigurationSet",
            ConfigurationSetName=SET_NAME,
            **{"ConfigurationSetAttributeNames.member.1": "trackingOptions"},
        ),
    ]
    return operations[index % len(operations)]()


def test_mixed_version_race_no_5xx(server: str) -> None:
    """Racing v1 and v2 writes, set deletes and re-creates never get a 5xx."""
    started = time.monotonic()
    with ThreadPoolExecutor(RACE_THREADS) as pool:
        responses = list(pool.map(lambda index: race_request(server, index), range(RACE_REQUESTS)))
    assert time.monotonic() - started < RACE_DEADLINE

    failures = [response for response in responses if response.status_code >= 500]
    assert failures == [], failures[0].content[:300]


def test_mixed_version_race_leaves_one_state(server: str) -> None:
    """After a race, both API versions read the same tracking domain."""
    with ThreadPoolExecutor(RACE_THREADS) as pool:
        list(pool.map(lambda index: race_request(server, index), range(RACE_REQUESTS)))
    v2_call(
        server,
        "POST",
        "/v2/email/configuration-sets",
        json.dumps({"ConfigurationSetName": SET_NAME}),
    )

    assert v1_domain(server) == v2_domain(server)
