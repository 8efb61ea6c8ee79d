"""SES API v1 tracking options under ``@mock_aws``: checks in order, lifecycle, describe."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from .helpers import OTHER_REGION, REGION, SET_NAME, TRACKING_DOMAIN, error_of, status_of

OTHER_ACCOUNT = "111122223333"


def tracking(domain: str = TRACKING_DOMAIN) -> dict[str, str]:
    return {"CustomRedirectDomain": domain}


def described_options(ses: Any, name: str = SET_NAME) -> dict[str, str] | None:
    """Return the TrackingOptions element of DescribeConfigurationSet, or None."""
    response = ses.describe_configuration_set(
        ConfigurationSetName=name, ConfigurationSetAttributeNames=["trackingOptions"]
    )
    options: dict[str, str] | None = response.get("TrackingOptions")
    return options


def unchecked_client() -> Any:
    """Return an SES client that sends requests without botocore's parameter checks.

    botocore refuses to send a call that lacks a required member, so only such
    a client can show what the server does with one.
    """
    config = Config(parameter_validation=False)
    return boto3.client("ses", region_name=REGION, config=config)


def create(ses: Any, name: str = SET_NAME, domain: str = TRACKING_DOMAIN) -> None:
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName=name, TrackingOptions=tracking(domain)
    )


# --- CreateConfigurationSetTrackingOptions: success -------------------------


def test_create_stores_domain(ses: Any, tracked_set: str) -> None:
    create(ses)
    assert described_options(ses) == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_create_returns_empty_result(ses: Any, tracked_set: str) -> None:
    response = ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions=tracking()
    )
    assert set(response) == {"ResponseMetadata"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_create_keeps_domain_case(ses: Any, tracked_set: str) -> None:
    create(ses, domain="Click.EXAMPLE.com")
    assert described_options(ses) == {"CustomRedirectDomain": "Click.EXAMPLE.com"}


def test_create_accepts_verified_domain_itself(ses: Any, tracked_set: str) -> None:
    create(ses, domain="example.com")
    assert described_options(ses) == {"CustomRedirectDomain": "example.com"}


# --- CreateConfigurationSetTrackingOptions: each check, in order ------------


def test_create_without_name_is_validation_error(ses: Any, tracked_set: str) -> None:
    unchecked = unchecked_client()
    with pytest.raises(ClientError) as raised:
        unchecked.create_configuration_set_tracking_options(TrackingOptions=tracking())
    assert error_of(raised)["Code"] == "ValidationError"
    assert "'configurationSetName'" in error_of(raised)["Message"]
    assert status_of(raised) == 400


def test_create_without_options_is_validation_error(ses: Any, tracked_set: str) -> None:
    unchecked = unchecked_client()
    with pytest.raises(ClientError) as raised:
        unchecked.create_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    assert error_of(raised)["Code"] == "ValidationError"
    assert "'trackingOptions'" in error_of(raised)["Message"]
    assert status_of(raised) == 400


def test_create_empty_options_is_validation_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ClientError) as raised:
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={}
        )
    assert error_of(raised)["Code"] == "ValidationError"
    assert "'trackingOptions'" in error_of(raised)["Message"]


def test_create_missing_name_beats_missing_options(ses: Any, tracked_set: str) -> None:
    unchecked = unchecked_client()
    with pytest.raises(ClientError) as raised:
        unchecked.create_configuration_set_tracking_options()
    assert "'configurationSetName'" in error_of(raised)["Message"]


def test_create_empty_domain_is_invalid(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException) as raised:
        create(ses, domain="")
    assert error_of(raised)["Code"] == "InvalidTrackingOptions"
    assert "empty" in error_of(raised)["Message"]
    assert status_of(raised) == 400


def test_create_malformed_domain_quotes_value(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException) as raised:
        create(ses, domain="https://click.example.com")
    assert "'https://click.example.com'" in error_of(raised)["Message"]
    assert "not a valid domain name" in error_of(raised)["Message"]


def test_create_unverified_domain_message(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException) as raised:
        create(ses, domain="click.other.org")
    assert (
        error_of(raised)["Message"]
        == "Domain <click.other.org> is not verified under this account."
    )


def test_create_missing_set_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException) as raised:
        create(ses, name="absent")
    assert error_of(raised)["Code"] == "ConfigurationSetDoesNotExist"
    assert error_of(raised)["Message"] == "Configuration set <absent> does not exist."
    assert error_of(raised)["ConfigurationSetName"] == "absent"
    assert status_of(raised) == 400


def test_create_domain_checked_before_set(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create(ses, name="absent", domain="click.other.org")


def test_create_invalid_domain_before_set(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create(ses, name="absent", domain="not a domain")


def test_create_twice_already_exists(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ses.exceptions.TrackingOptionsAlreadyExistsException) as raised:
        create(ses, domain="other.example.com")
    assert error_of(raised)["Code"] == "TrackingOptionsAlreadyExistsException"
    assert error_of(raised)["ConfigurationSetName"] == SET_NAME
    assert status_of(raised) == 400


def test_create_twice_keeps_first_domain(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ses.exceptions.TrackingOptionsAlreadyExistsException):
        create(ses, domain="other.example.com")
    assert described_options(ses) == tracking(TRACKING_DOMAIN)


def test_create_invalid_beats_already_exists(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create(ses, domain="click.other.org")


# --- UpdateConfigurationSetTrackingOptions ----------------------------------


def update(ses: Any, name: str = SET_NAME, domain: str = "new.example.com") -> None:
    ses.update_configuration_set_tracking_options(
        ConfigurationSetName=name, TrackingOptions=tracking(domain)
    )


def test_update_replaces_domain(ses: Any, tracked_set: str) -> None:
    create(ses)
    update(ses)
    assert described_options(ses) == tracking("new.example.com")


def test_update_without_options_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.TrackingOptionsDoesNotExistException) as raised:
        update(ses)
    assert error_of(raised)["Code"] == "TrackingOptionsDoesNotExistException"
    assert error_of(raised)["ConfigurationSetName"] == SET_NAME
    assert status_of(raised) == 400


def test_update_missing_set_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException) as raised:
        update(ses, name="absent")
    assert error_of(raised)["ConfigurationSetName"] == "absent"


def test_update_domain_checked_before_set(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        update(ses, name="absent", domain="click.other.org")


def test_update_empty_domain_is_invalid(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        update(ses, domain="")


def test_update_unverified_keeps_old_domain(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        update(ses, domain="click.other.org")
    assert described_options(ses) == tracking(TRACKING_DOMAIN)


def test_update_empty_options_is_validation_error(ses: Any, tracked_set: str) -> None:
    create(ses)
    with pytest.raises(ClientError) as raised:
        ses.update_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, TrackingOptions={}
        )
    assert error_of(raised)["Code"] == "ValidationError"


def test_update_without_name_is_validation_error(ses: Any, tracked_set: str) -> None:
    unchecked = unchecked_client()
    with pytest.raises(ClientError) as raised:
        unchecked.update_configuration_set_tracking_options(TrackingOptions=tracking())
    assert "'configurationSetName'" in error_of(raised)["Message"]


# --- DeleteConfigurationSetTrackingOptions ----------------------------------


def test_delete_removes_options(ses: Any, tracked_set: str) -> None:
    create(ses)
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    assert described_options(ses) is None


def test_delete_then_create_again(ses: Any, tracked_set: str) -> None:
    create(ses)
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    create(ses, domain="again.example.com")
    assert described_options(ses) == tracking("again.example.com")


def test_delete_without_options_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.TrackingOptionsDoesNotExistException) as raised:
        ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    assert error_of(raised)["ConfigurationSetName"] == SET_NAME


def test_delete_twice_error(ses: Any, tracked_set: str) -> None:
    create(ses)
    ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)
    with pytest.raises(ses.exceptions.TrackingOptionsDoesNotExistException):
        ses.delete_configuration_set_tracking_options(ConfigurationSetName=SET_NAME)


def test_delete_missing_set_error(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException) as raised:
        ses.delete_configuration_set_tracking_options(ConfigurationSetName="absent")
    assert error_of(raised)["ConfigurationSetName"] == "absent"


def test_delete_without_name_is_validation_error(ses: Any, tracked_set: str) -> None:
    unchecked = unchecked_client()
    with pytest.raises(ClientError) as raised:
        unchecked.delete_configuration_set_tracking_options()
    assert error_of(raised)["Code"] == "ValidationError"
    assert "'configurationSetName'" in error_of(raised)["Message"]


# --- DescribeConfigurationSet -----------------------------------------------


def test_describe_without_attribute_omits_options(ses: Any, tracked_set: str) -> None:
    create(ses)
    response = ses.describe_configuration_set(ConfigurationSetName=SET_NAME)
    assert "TrackingOptions" not in response


def test_describe_other_attribute_omits_options(ses: Any, tracked_set: str) -> None:
    create(ses)
    response = ses.describe_configuration_set(
        ConfigurationSetName=SET_NAME, ConfigurationSetAttributeNames=["eventDestinations"]
    )
    assert "TrackingOptions" not in response


def test_describe_without_options_omits_element(ses: Any, tracked_set: str) -> None:
    assert described_options(ses) is None


def test_describe_keeps_set_name(ses: Any, tracked_set: str) -> None:
    create(ses)
    response = ses.describe_configuration_set(
        ConfigurationSetName=SET_NAME, ConfigurationSetAttributeNames=["trackingOptions"]
    )
    assert response["ConfigurationSet"] == {"Name": SET_NAME}


def test_describe_all_attributes_accepted(ses: Any, tracked_set: str) -> None:
    create(ses)
    response = ses.describe_configuration_set(
        ConfigurationSetName=SET_NAME,
        ConfigurationSetAttributeNames=[
            "eventDestinations",
            "trackingOptions",
            "deliveryOptions",
            "reputationOptions",
        ],
    )
    assert response["TrackingOptions"] == tracking()


def test_describe_bad_attribute_rejected(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ClientError) as raised:
        ses.describe_configuration_set(
            ConfigurationSetName=SET_NAME, ConfigurationSetAttributeNames=["tracking"]
        )
    assert error_of(raised)["Code"] == "ValidationError"
    assert status_of(raised) == 400


def test_describe_bad_attribute_named(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ClientError) as raised:
        ses.describe_configuration_set(
            ConfigurationSetName=SET_NAME,
            ConfigurationSetAttributeNames=["trackingOptions", "tracking"],
        )
    message = error_of(raised)["Message"]
    assert "'tracking'" in message
    assert "trackingOptions, deliveryOptions" in message


def test_describe_missing_set_has_member(ses: Any, tracked_set: str) -> None:
    with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException) as raised:
        ses.describe_configuration_set(ConfigurationSetName="absent")
    assert error_of(raised)["ConfigurationSetName"] == "absent"


# --- State: deletion, reset, regions, accounts --------------------------------


def test_delete_set_drops_options(ses: Any, tracked_set: str) -> None:
    create(ses)
    ses.delete_configuration_set(ConfigurationSetName=SET_NAME)
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    assert described_options(ses) is None


def test_recreated_set_accepts_create(ses: Any, tracked_set: str) -> None:
    create(ses)
    ses.delete_configuration_set(ConfigurationSetName=SET_NAME)
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    create(ses, domain="again.example.com")
    assert described_options(ses) == tracking("again.example.com")


def test_delete_missing_set_is_ses_error(ses: Any) -> None:
    with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException) as raised:
        ses.delete_configuration_set(ConfigurationSetName="absent")
    assert error_of(raised)["ConfigurationSetName"] == "absent"
    assert status_of(raised) == 400


def test_reset_clears_options(ses: Any, tracked_set: str) -> None:
    create(ses)
    requests.post("http://motoapi.amazonaws.com/moto-api/reset", timeout=10)
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain="example.com")
    assert described_options(ses) is None


def test_new_mock_starts_empty() -> None:
    with mock_aws():
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        ses.verify_domain_identity(Domain="example.com")
        create(ses)
    with mock_aws():
        ses = boto3.client("ses", region_name=REGION)
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        assert described_options(ses) is None


def test_other_region_identity_ignored(ses: Any) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    boto3.client("ses", region_name=OTHER_REGION).verify_domain_identity(Domain="example.com")
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create(ses)


def test_other_region_set_invisible(ses: Any, tracked_set: str) -> None:
    create(ses)
    other = boto3.client("ses", region_name=OTHER_REGION)
    other.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    assert described_options(other) is None


def assumed_role_client(account_id: str) -> Any:
    """Return an SES client whose credentials moto maps to ``account_id``."""
    sts = boto3.client("sts", region_name=REGION)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/tester", RoleSessionName="tests"
    )["Credentials"]
    return boto3.client(
        "ses",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def test_other_account_identity_ignored(ses: Any) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    assumed_role_client(OTHER_ACCOUNT).verify_domain_identity(Domain="example.com")
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create(ses)


def test_other_account_set_invisible(ses: Any, tracked_set: str) -> None:
    create(ses)
    other = assumed_role_client(OTHER_ACCOUNT)
    with pytest.raises(other.exceptions.ConfigurationSetDoesNotExistException):
        described_options(other)


def test_other_account_own_options(ses: Any, tracked_set: str) -> None:
    other = assumed_role_client(OTHER_ACCOUNT)
    other.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    other.verify_domain_identity(Domain="example.com")
    create(other, domain="other.example.com")
    create(ses)
    assert described_options(other) == tracking("other.example.com")
    assert described_options(ses) == tracking(TRACKING_DOMAIN)
