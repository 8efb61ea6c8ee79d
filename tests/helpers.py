"""Constants and helpers shared by the test modules."""

from __future__ import annotations

import socket
from typing import Any

import pytest

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
SET_NAME = "tracked"
VERIFIED_DOMAIN = "example.com"
TRACKING_DOMAIN = "click.example.com"

# An Authorization header for raw HTTP tests. moto reads the region and the
# access key from it and checks no signature. botocore signs SES API v2
# requests with the name "ses" too.
SIGNATURE = (
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/"
    f"{REGION}/ses/aws4_request, SignedHeaders=host, Signature=0"
)


def free_loopback_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def error_of(raised: pytest.ExceptionInfo[Any]) -> dict[str, Any]:
    """Return the parsed ``Error`` element of a botocore ClientError."""
    return dict(raised.value.response["Error"])


def status_of(raised: pytest.ExceptionInfo[Any]) -> int:
    """Return the HTTP status of a botocore ClientError."""
    return int(raised.value.response["ResponseMetadata"]["HTTPStatusCode"])
