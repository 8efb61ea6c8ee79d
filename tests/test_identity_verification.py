"""Identity verification through moto's state manager: Pending, then Success."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from moto.moto_api import state_manager

import moto_ses_tracking

from .helpers import REGION, SET_NAME, TRACKING_DOMAIN

MODEL = "ses::identity"


@pytest.fixture
def manual(ses: Any) -> Iterator[None]:
    """Keep new identities Pending until they are described twice."""
    state_manager.set_transition(MODEL, {"progression": "manual", "times": 2})
    yield
    state_manager.unset_transition(MODEL)


def v1_status(ses: Any, identity: str) -> str:
    attributes = ses.get_identity_verification_attributes(Identities=[identity])
    return str(attributes["VerificationAttributes"][identity]["VerificationStatus"])


def create_options(ses: Any) -> None:
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName=SET_NAME, TrackingOptions={"CustomRedirectDomain": TRACKING_DOMAIN}
    )


def test_default_transition_registered() -> None:
    assert MODEL in state_manager.get_registered_models()
    assert state_manager.get_transition(MODEL) == {"progression": "immediate"}


def test_default_is_verified_at_once(ses: Any) -> None:
    ses.verify_domain_identity(Domain="example.com")
    assert v1_status(ses, "example.com") == "Success"


def test_default_v2_status_success(ses: Any, sesv2: Any) -> None:
    ses.verify_domain_identity(Domain="example.com")
    identity = sesv2.get_email_identity(EmailIdentity="example.com")
    assert identity["VerificationStatus"] == "SUCCESS"
    assert identity["VerifiedForSendingStatus"] is True


def test_v2_create_reports_unverified(sesv2: Any) -> None:
    created = sesv2.create_email_identity(EmailIdentity="example.com")
    assert created["VerifiedForSendingStatus"] is False


def test_manual_starts_pending(ses: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    assert v1_status(ses, "example.com") == "Pending"


def test_manual_succeeds_after_describes(ses: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    statuses = [v1_status(ses, "example.com") for _ in range(3)]
    assert statuses == ["Pending", "Success", "Success"]


def test_v2_describe_counts_too(ses: Any, sesv2: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    first = sesv2.get_email_identity(EmailIdentity="example.com")
    second = sesv2.get_email_identity(EmailIdentity="example.com")
    assert first["VerificationStatus"] == "PENDING"
    assert first["VerifiedForSendingStatus"] is False
    assert second["VerificationStatus"] == "SUCCESS"
    assert second["VerifiedForSendingStatus"] is True


def test_api_versions_share_count(ses: Any, sesv2: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    assert v1_status(ses, "example.com") == "Pending"
    assert sesv2.get_email_identity(EmailIdentity="example.com")["VerificationStatus"] == "SUCCESS"


def test_v2_listing_reports_pending(ses: Any, sesv2: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    listed = sesv2.list_email_identities()["EmailIdentities"]
    assert [entry["VerificationStatus"] for entry in listed] == ["PENDING"]


def test_listing_does_not_advance(ses: Any, sesv2: Any, manual: None) -> None:
    ses.verify_domain_identity(Domain="example.com")
    for _ in range(3):
        sesv2.list_email_identities()
    assert v1_status(ses, "example.com") == "Pending"


def test_pending_email_not_listed(ses: Any, manual: None) -> None:
    ses.verify_email_identity(EmailAddress="someone@example.com")
    assert ses.list_verified_email_addresses()["VerifiedEmailAddresses"] == []


def test_verified_email_listed(ses: Any, manual: None) -> None:
    ses.verify_email_identity(EmailAddress="someone@example.com")
    v1_status(ses, "someone@example.com")
    v1_status(ses, "someone@example.com")
    assert ses.list_verified_email_addresses()["VerifiedEmailAddresses"] == ["someone@example.com"]


def test_pending_identity_rejects_tracking(ses: Any, manual: None) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain="example.com")
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        create_options(ses)


def test_tracking_check_does_not_advance(ses: Any, manual: None) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain="example.com")
    for _ in range(3):
        with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
            create_options(ses)
    assert v1_status(ses, "example.com") == "Pending"


def test_verified_identity_accepts_tracking(ses: Any, manual: None) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain="example.com")
    v1_status(ses, "example.com")
    v1_status(ses, "example.com")
    create_options(ses)


def test_pending_identity_rejects_v2_put(ses: Any, sesv2: Any, manual: None) -> None:
    sesv2.create_configuration_set(ConfigurationSetName=SET_NAME)
    sesv2.create_email_identity(EmailIdentity="example.com")
    with pytest.raises(sesv2.exceptions.BadRequestException):
        sesv2.put_configuration_set_tracking_options(
            ConfigurationSetName=SET_NAME, CustomRedirectDomain=TRACKING_DOMAIN
        )


def test_verified_parent_beats_pending_child(ses: Any) -> None:
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain="example.com")
    state_manager.set_transition(MODEL, {"progression": "manual", "times": 5})
    try:
        ses.verify_domain_identity(Domain=TRACKING_DOMAIN)
        create_options(ses)
    finally:
        state_manager.unset_transition(MODEL)


def test_identity_from_before_activation(inactive: None) -> None:
    from moto import mock_aws

    with mock_aws():
        ses: Any = boto3.client("ses", region_name=REGION)
        ses.verify_domain_identity(Domain="example.com")
        moto_ses_tracking.activate()
        state_manager.set_transition(MODEL, {"progression": "manual", "times": 2})
        try:
            assert v1_status(ses, "example.com") == "Success"
        finally:
            state_manager.unset_transition(MODEL)


def test_identity_survives_deactivation(inactive: None) -> None:
    from moto import mock_aws

    with mock_aws():
        moto_ses_tracking.activate()
        sesv2: Any = boto3.client("sesv2", region_name=REGION)
        sesv2.create_email_identity(EmailIdentity="example.com")
        moto_ses_tracking.deactivate()
        identity = sesv2.get_email_identity(EmailIdentity="example.com")
        assert identity["VerificationStatus"] == "SUCCESS"


def test_deactivate_unregisters_model(inactive: None) -> None:
    assert MODEL not in state_manager.get_registered_models()


def test_server_transition_endpoint(server_url: str) -> None:
    requests.post(f"{server_url}/moto-api/reset", timeout=10)
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    ses = boto3.client("ses", region_name=REGION, endpoint_url=server_url, **credentials)
    transition: dict[str, Any] = {
        "model_name": MODEL,
        "transition": {"progression": "manual", "times": 2},
    }
    requests.post(
        f"{server_url}/moto-api/state-manager/set-transition", json=transition, timeout=10
    )
    try:
        ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
        ses.verify_domain_identity(Domain="example.com")
        with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
            create_options(ses)
        assert v1_status(ses, "example.com") == "Pending"
        assert v1_status(ses, "example.com") == "Success"
        create_options(ses)
    finally:
        unset = {"model_name": MODEL}
        requests.post(
            f"{server_url}/moto-api/state-manager/unset-transition", json=unset, timeout=10
        )
