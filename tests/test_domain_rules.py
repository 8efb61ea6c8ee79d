"""Which tracking domains are valid names, and which identities verify them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from moto_ses_tracking.config import TRACKING_DOMAIN_MATCH_ENV
from moto_ses_tracking.ses.utils import domain_name_problem, is_valid_domain_name

from .helpers import REGION, SET_NAME, error_of

VALID_NAMES = [
    "example.com",
    "click.example.com",
    "a.b.c.d.example.com",
    "x.io",
    "a-b.example.com",
    "1a.example.com",
    "123.example.com",
    "example.c0m",
    "xn--bcher-kva.example",
    "click.xn--p1ai",
    "CLICK.Example.COM",
    "a" * 63 + ".com",
    ".".join(["a" * 63] * 3) + "." + "b" * 61,  # 253 characters
]

INVALID_NAMES = [
    ("", "empty"),
    ("com", "at least two labels"),
    ("localhost", "at least two labels"),
    ("192.168.0.1", "all digits"),
    ("example.123", "all digits"),
    ("example.com.", "empty label"),
    (".example.com", "empty label"),
    ("click..example.com", "empty label"),
    ("-click.example.com", "'-click'"),
    ("click-.example.com", "'click-'"),
    ("click_me.example.com", "'click_me'"),
    ("click me.example.com", "'click me'"),
    ("*.example.com", "'*'"),
    ("https://click.example.com", "'https://click'"),
    ("click.example.com:443", "'com:443'"),
    ("click.example.com/path", "'com/path'"),
    ("click.example.com?q=1", "'com?q=1'"),
    ("bücher.example", "non-ASCII"),
    ("例え.jp", "non-ASCII"),
    ("a" * 64 + ".com", "at most 63"),
    (".".join(["a" * 63] * 3) + "." + "b" * 62, "at most 253"),
    ("x" * 1_000_000, "at most 253"),
    ("tab\t.example.com", "'tab\\t'"),
]


@pytest.mark.parametrize("name", VALID_NAMES)
def test_valid_name_accepted(name: str) -> None:
    assert domain_name_problem(name) is None


@pytest.mark.parametrize(("name", "rule"), INVALID_NAMES)
def test_invalid_name_names_rule(name: str, rule: str) -> None:
    problem = domain_name_problem(name)
    assert problem is not None
    assert rule in problem


@pytest.mark.parametrize(("name", "rule"), INVALID_NAMES)
def test_invalid_name_not_valid(name: str, rule: str) -> None:
    assert not is_valid_domain_name(name)


@pytest.fixture
def verified_ses(ses: Any) -> Any:
    """Return an SES client with the configuration set SET_NAME and no identities."""
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    return ses


def try_create(ses: Any, domain: str) -> str:
    """Call CreateConfigurationSetTrackingOptions and return "ok" or the error code."""
    try:
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": domain}
        )
    except ses.exceptions.ClientError as error:
        return str(error.response["Error"]["Code"])
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    return "ok"


@pytest.mark.parametrize("name", VALID_NAMES)
def test_api_accepts_valid_verified_name(verified_ses: Any, name: str) -> None:
    verified_ses.verify_domain_identity(Domain=name)
    assert try_create(verified_ses, name) == "ok"


@pytest.mark.parametrize(("name", "rule"), INVALID_NAMES)
def test_api_rejects_invalid_name(verified_ses: Any, name: str, rule: str) -> None:
    with pytest.raises(verified_ses.exceptions.InvalidTrackingOptionsException) as raised:
        verified_ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": name}
        )
    assert rule in error_of(raised)["Message"]


def test_api_invalid_message_is_short(verified_ses: Any) -> None:
    with pytest.raises(verified_ses.exceptions.InvalidTrackingOptionsException) as raised:
        verified_ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": "x" * 1_000_000}
        )
    assert len(error_of(raised)["Message"]) < 500
    assert "1000000 characters" in error_of(raised)["Message"]


# --- The verified-identity rule ----------------------------------------------

# (identity verified, tracking domain, accepted under the default "parent" mode)
PARENT_CASES = [
    ("example.com", "example.com", True),
    ("example.com", "click.example.com", True),
    ("example.com", "a.b.example.com", True),
    ("click.example.com", "click.example.com", True),
    ("click.example.com", "example.com", False),
    ("click.example.com", "other.example.com", False),
    ("example.com", "badexample.com", False),
    ("example.com", "click.badexample.com", False),
    ("example.com", "example.com.evil.org", False),
    ("example.com", "example.org", False),
    ("EXAMPLE.com", "click.example.COM", True),
    ("example.com", "CLICK.EXAMPLE.COM", True),
]


@pytest.mark.parametrize(("identity", "domain", "accepted"), PARENT_CASES)
def test_parent_mode_cases(verified_ses: Any, identity: str, domain: str, accepted: bool) -> None:
    verified_ses.verify_domain_identity(Domain=identity)
    expected = "ok" if accepted else "InvalidTrackingOptions"
    assert try_create(verified_ses, domain) == expected


@pytest.mark.parametrize(("identity", "domain", "accepted"), PARENT_CASES)
def test_exact_mode_cases(identity: str, domain: str, accepted: bool) -> None:
    with mock_aws(config={"ses": {"tracking_domain_match": "exact"}}):  # type: ignore[call-overload]
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        ses.verify_domain_identity(Domain=identity)
        same_name = identity.lower() == domain.lower()
        expected = "ok" if same_name else "InvalidTrackingOptions"
        assert try_create(ses, domain) == expected


def test_tld_identity_verifies_nothing(verified_ses: Any) -> None:
    verified_ses.verify_domain_identity(Domain="com")
    assert try_create(verified_ses, "example.com") == "InvalidTrackingOptions"


def test_email_identity_never_verifies(verified_ses: Any) -> None:
    verified_ses.verify_email_identity(EmailAddress="someone@example.com")
    assert try_create(verified_ses, "example.com") == "InvalidTrackingOptions"


def test_email_identity_parent_never_verifies(verified_ses: Any) -> None:
    verified_ses.verify_email_identity(EmailAddress="someone@example.com")
    assert try_create(verified_ses, "click.example.com") == "InvalidTrackingOptions"


def test_dkim_identity_verifies(verified_ses: Any) -> None:
    verified_ses.verify_domain_dkim(Domain="example.com")
    assert try_create(verified_ses, "click.example.com") == "ok"


def test_v2_domain_identity_verifies(verified_ses: Any, sesv2: Any) -> None:
    sesv2.create_email_identity(EmailIdentity="example.com")
    assert try_create(verified_ses, "click.example.com") == "ok"


def test_v2_mixed_case_identity_verifies(verified_ses: Any, sesv2: Any) -> None:
    sesv2.create_email_identity(EmailIdentity="Example.COM")
    assert try_create(verified_ses, "click.example.com") == "ok"


def test_v2_email_identity_never_verifies(verified_ses: Any, sesv2: Any) -> None:
    sesv2.create_email_identity(EmailIdentity="someone@example.com")
    assert try_create(verified_ses, "example.com") == "InvalidTrackingOptions"


def test_deleted_identity_stops_verifying(verified_ses: Any) -> None:
    verified_ses.verify_domain_identity(Domain="example.com")
    verified_ses.delete_identity(Identity="example.com")
    assert try_create(verified_ses, "click.example.com") == "InvalidTrackingOptions"


def test_deleted_v2_identity_stops_verifying(verified_ses: Any, sesv2: Any) -> None:
    sesv2.create_email_identity(EmailIdentity="Example.COM")
    sesv2.delete_email_identity(EmailIdentity="Example.COM")
    assert try_create(verified_ses, "click.example.com") == "InvalidTrackingOptions"


def test_deleted_identity_keeps_stored_options(verified_ses: Any) -> None:
    verified_ses.verify_domain_identity(Domain="example.com")
    verified_ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": "click.example.com"}
    )
    verified_ses.delete_identity(Identity="example.com")
    described = verified_ses.describe_configuration_set(
        ConfigurationSetName=SET_NAME, ConfigurationSetAttributeNames=["trackingOptions"]
    )
    assert described["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com"}


def test_deleted_identity_blocks_update(verified_ses: Any) -> None:
    verified_ses.verify_domain_identity(Domain="example.com")
    verified_ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": "click.example.com"}
    )
    verified_ses.delete_identity(Identity="example.com")
    with pytest.raises(verified_ses.exceptions.InvalidTrackingOptionsException):
        verified_ses.update_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME,
            TrackingOptions={"CustomRedirectDomain": "click.example.com"},
        )


def test_many_identities_still_found(verified_ses: Any) -> None:
    for number in range(300):
        verified_ses.verify_domain_identity(Domain=f"domain{number}.example.org")
    assert try_create(verified_ses, "click.domain299.example.org") == "ok"


# --- Choosing the match mode -------------------------------------------------


@pytest.fixture
def exact_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(TRACKING_DOMAIN_MATCH_ENV, "exact")
    yield


def test_environment_selects_exact(exact_environment: None, verified_ses: Any) -> None:
    verified_ses.verify_domain_identity(Domain="example.com")
    assert try_create(verified_ses, "click.example.com") == "InvalidTrackingOptions"


def test_config_overrides_environment(exact_environment: None) -> None:
    with mock_aws(config={"ses": {"tracking_domain_match": "parent"}}):  # type: ignore[call-overload]
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        ses.verify_domain_identity(Domain="example.com")
        assert try_create(ses, "click.example.com") == "ok"


def test_unknown_mode_names_choices() -> None:
    with mock_aws(config={"ses": {"tracking_domain_match": "suffix"}}):  # type: ignore[call-overload]
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        with pytest.raises(ValueError, match=r"'suffix'.*'parent', 'exact'"):
            try_create(ses, "click.example.com")
