"""Shared fixtures: mocked SES clients, verified identities and a loopback server.

The package's pytest plugin activates the extension for the whole session, so
these fixtures use moto exactly as a user's test would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.server import ThreadedMotoServer

from .helpers import REGION, SET_NAME, VERIFIED_DOMAIN, free_loopback_port

pytest_plugins = ["pytester"]


@pytest.fixture
def aws() -> Iterator[None]:
    """Run the test inside ``mock_aws`` with fake credentials."""
    with mock_aws():
        yield


@pytest.fixture
def ses(aws: None) -> Any:
    """Return an SES v1 client in a fresh mocked account."""
    return boto3.client("ses", region_name=REGION)


@pytest.fixture
def sesv2(aws: None) -> Any:
    """Return an SES v2 client in the same mocked account as ``ses``."""
    return boto3.client("sesv2", region_name=REGION)


@pytest.fixture
def tracked_set(ses: Any) -> str:
    """Create the configuration set SET_NAME and verify the domain VERIFIED_DOMAIN."""
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    return SET_NAME


@pytest.fixture
def inactive(ses_tracking_inactive: None) -> None:
    """Deactivate the extension for one test, through the plugin's own fixture."""


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """Start moto's ThreadedMotoServer on a free loopback port, with the extension active."""
    port = free_loopback_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
