"""activate() and deactivate(): idempotent, recorded and fully reversible."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import errors as moto_errors
from moto.ses.models import SESBackend
from moto.ses.responses import EmailResponse
from moto.sesv2 import urls as moto_sesv2_urls
from moto.sesv2.models import SESV2Backend
from moto.sesv2.responses import SESV2Response

import moto_ses_tracking
from moto_ses_tracking.activation import MISSING, applied_patches, original

from .helpers import REGION

# The moto attributes that the extension replaces on purpose. Every other patch
# must add a name that moto does not have, so that no moto behaviour changes by
# accident when moto grows.
INTENDED_REPLACEMENTS = {
    (SESBackend, "delete_configuration_set"),
    (SESBackend, "delete_identity"),
    (EmailResponse, "delete_configuration_set"),
    (EmailResponse, "describe_configuration_set"),
    (SESV2Backend, "create_configuration_set"),
    (SESV2Backend, "delete_configuration_set"),
    (SESV2Backend, "get_configuration_set"),
    (SESV2Response, "create_configuration_set"),
    (SESV2Response, "get_configuration_set"),
    (SESBackend, "get_identity_verification_attributes"),
    (SESBackend, "create_email_identity_v2"),
    (SESBackend, "list_verified_email_addresses"),
    (SESV2Backend, "get_email_identity"),
    (SESV2Response, "create_email_identity"),
}

TRACKING_OPTIONS_ROUTE = (
    "{0}/v2/email/configuration-sets/(?P<ConfigurationSetName>[^/]+)/tracking-options$"
)

NEW_ACTIONS = (
    "create_configuration_set_tracking_options",
    "update_configuration_set_tracking_options",
    "delete_configuration_set_tracking_options",
)


def test_plugin_activates_session() -> None:
    assert moto_ses_tracking.is_active()


def test_activate_twice_keeps_patches() -> None:
    before = applied_patches()
    moto_ses_tracking.activate()
    assert applied_patches() == before


def test_patches_add_new_actions() -> None:
    for action in NEW_ACTIONS:
        assert action in vars(EmailResponse), action


def test_patches_add_v2_action() -> None:
    assert "put_configuration_set_tracking_options" in vars(SESV2Response)


def test_patches_add_v2_route() -> None:
    assert TRACKING_OPTIONS_ROUTE in moto_sesv2_urls.url_paths


def test_patches_replace_only_intended() -> None:
    for patch in applied_patches():
        if patch.name == "COMMON_ERROR_CODES":
            assert set(patch.original) < set(patch.replacement)
        elif isinstance(patch.owner, dict):
            assert patch.original is MISSING, f"route {patch.name} replaces moto's own"
        elif (patch.owner, patch.name) in INTENDED_REPLACEMENTS:
            assert patch.original is not MISSING, patch.name
        else:
            assert patch.original is MISSING, f"{patch.name} replaces moto's own"


def test_original_returns_moto_method() -> None:
    moto_method = original(EmailResponse, "describe_configuration_set")
    assert moto_method.__module__ == "moto.ses.responses"


def test_original_rejects_unpatched_name() -> None:
    with pytest.raises(LookupError, match="send_email"):
        original(EmailResponse, "send_email")


def test_deactivate_restores_every_attribute(inactive: None) -> None:
    assert not moto_ses_tracking.is_active()
    for action in NEW_ACTIONS:
        assert action not in vars(EmailResponse), action
    assert vars(SESBackend)["delete_configuration_set"].__module__ == "moto.ses.models"
    assert vars(EmailResponse)["describe_configuration_set"].__module__ == "moto.ses.responses"
    assert "put_configuration_set_tracking_options" not in vars(SESV2Response)
    assert TRACKING_OPTIONS_ROUTE not in moto_sesv2_urls.url_paths
    for owner, name in INTENDED_REPLACEMENTS:
        assert vars(owner)[name].__module__.startswith("moto."), name
    assert "MissingAction" not in moto_errors.COMMON_ERROR_CODES


def test_deactivate_twice_is_harmless(inactive: None) -> None:
    moto_ses_tracking.deactivate()
    assert applied_patches() == ()


@mock_aws
def test_deactivated_moto_raises_not_implemented(inactive: None) -> None:
    client = boto3.client("ses", region_name=REGION)
    with pytest.raises(NotImplementedError):
        client.delete_configuration_set_tracking_options(ConfigurationSetName="any")


@mock_aws
def test_deactivated_v2_put_not_implemented(inactive: None) -> None:
    client = boto3.client("sesv2", region_name=REGION)
    client.create_configuration_set(ConfigurationSetName="plain")
    with pytest.raises(NotImplementedError):
        client.put_configuration_set_tracking_options(
            ConfigurationSetName="plain", CustomRedirectDomain="click.example.com"
        )


@mock_aws
def test_reactivated_moto_serves_actions() -> None:
    moto_ses_tracking.deactivate()
    moto_ses_tracking.activate()
    client = boto3.client("ses", region_name=REGION)
    with pytest.raises(client.exceptions.ConfigurationSetDoesNotExistException):
        client.delete_configuration_set_tracking_options(ConfigurationSetName="any")


def test_existing_backend_gets_patches(inactive: None) -> None:
    with mock_aws():
        client: Any = boto3.client("ses", region_name=REGION)
        client.create_configuration_set(ConfigurationSet={"Name": "early"})
        moto_ses_tracking.activate()
        with pytest.raises(client.exceptions.TrackingOptionsDoesNotExistException):
            client.delete_configuration_set_tracking_options(ConfigurationSetName="early")


def _modules_after(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the moto modules it imported."""
    listing = "print('\\n'.join(m for m in sys.modules if m == 'moto' or m.startswith('moto.')))"
    script = f"{code}\nimport sys\n{listing}"
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    return set(output.split())


def test_import_loads_no_moto_module() -> None:
    assert _modules_after("import moto_ses_tracking") == set()


def test_activate_loads_few_backends() -> None:
    modules = _modules_after("import moto_ses_tracking; moto_ses_tracking.activate()")
    backend_modules = {name for name in modules if name.endswith(".models")}
    unexpected = {
        name
        for name in backend_modules
        if name.split(".")[1] in {"ec2", "s3", "lambda", "dynamodb", "rds", "iam"}
    }
    assert unexpected == set()
    assert "moto.ses.models" in modules
