"""The installed entry points: the pytest plugin and the server command."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from .helpers import REGION, free_loopback_port

# pip installs console scripts beside the interpreter, which need not be on PATH.
SERVER_SCRIPT = (
    shutil.which("moto-ses-tracking-server", path=str(Path(sys.executable).parent))
    or "moto-ses-tracking-server"
)

USER_TEST = """
import boto3
from moto import mock_aws


@mock_aws
def test_tracking_options():
    ses = boto3.client("ses", region_name="us-east-1")
    ses.create_configuration_set(ConfigurationSet={"Name": "user-set"})
    ses.verify_domain_identity(Domain="example.com")
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName="user-set",
        TrackingOptions={"CustomRedirectDomain": "click.example.com"},
    )
    described = ses.describe_configuration_set(
        ConfigurationSetName="user-set", ConfigurationSetAttributeNames=["trackingOptions"]
    )
    assert described["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com"}
"""


def test_plugin_serves_plain_user_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_plugin_opt_out_restores_moto(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:moto_ses_tracking")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NotImplementedError*create_configuration_set_tracking_options*"])


OPT_OUT_TEST = """
import boto3
import pytest
from moto import mock_aws


def test_without_extension(ses_tracking_inactive):
    with mock_aws():
        ses = boto3.client("ses", region_name="us-east-1")
        with pytest.raises(NotImplementedError):
            ses.delete_configuration_set_tracking_options(ConfigurationSetName="any")


def test_with_extension_again():
    with mock_aws():
        ses = boto3.client("ses", region_name="us-east-1")
        with pytest.raises(ses.exceptions.ConfigurationSetDoesNotExistException):
            ses.delete_configuration_set_tracking_options(ConfigurationSetName="any")
"""


def test_inactive_fixture_covers_one_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=OPT_OUT_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_activate_rejects_bad_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_user="def test_nothing():\n    pass\n")
    monkeypatch.setenv("MOTO_SES_TRACKING_DOMAIN_MATCH", "suffix")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "INTERNALERROR" not in result.stderr.str()
    result.stderr.fnmatch_lines(["*Invalid tracking_domain_match 'suffix'*"])


def wait_until_serving(url: str, process: subprocess.Popen[Any]) -> None:
    """Poll the moto server's dashboard endpoint until it responds, for at most 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with code {process.returncode}")
        try:
            requests.get(f"{url}/moto-api/data.json", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not answer within 30 s")


def start_server(command: list[str]) -> Iterator[str]:
    port = free_loopback_port()
    process = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(params=["console script", "python -m"])
def command_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """Start the server command as a user would, on a free loopback port."""
    command = (
        [SERVER_SCRIPT]
        if request.param == "console script"
        else [sys.executable, "-m", "moto_ses_tracking"]
    )
    yield from start_server(command)


def server_client(url: str) -> Any:
    return boto3.client(
        "ses",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_server_command_serves_options(command_server: str) -> None:
    ses = server_client(command_server)
    ses.create_configuration_set(ConfigurationSet={"Name": "served"})
    ses.verify_domain_identity(Domain="example.com")
    ses.create_configuration_set_tracking_options(
        ConfigurationSetName="served", TrackingOptions={"CustomRedirectDomain": "click.example.com"}
    )
    described = ses.describe_configuration_set(
        ConfigurationSetName="served", ConfigurationSetAttributeNames=["trackingOptions"]
    )
    assert described["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com"}


@pytest.fixture
def exact_server() -> Iterator[str]:
    yield from start_server([SERVER_SCRIPT, "--tracking-domain-match", "exact"])


def test_server_exact_flag_applies(exact_server: str) -> None:
    ses = server_client(exact_server)
    ses.create_configuration_set(ConfigurationSet={"Name": "served"})
    ses.verify_domain_identity(Domain="example.com")
    with pytest.raises(ses.exceptions.InvalidTrackingOptionsException):
        ses.create_configuration_set_tracking_options(
            ConfigurationSetName="served",
            TrackingOptions={"CustomRedirectDomain": "click.example.com"},
        )


def test_server_rejects_unknown_mode() -> None:
    result = subprocess.run(
        [SERVER_SCRIPT, "--tracking-domain-match", "suffix"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "invalid choice: 'suffix'" in result.stderr


def test_server_logs_active_mode() -> None:
    port = free_loopback_port()
    process = subprocess.Popen(
        [SERVER_SCRIPT, "-H", "127.0.0.1", "-p", str(port), "--tracking-domain-match", "exact"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "moto-ses-tracking active (tracking_domain_match=exact)" in stderr


def test_server_help_lists_both_parsers() -> None:
    result = subprocess.run([SERVER_SCRIPT, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--tracking-domain-match" in result.stdout
    assert "--port" in result.stdout
