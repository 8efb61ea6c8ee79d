"""The AWS CLI v1 (the ``awscli`` package) against the extension in server mode.

Each test runs ``aws`` as a subprocess against a server on a free loopback
port, with its own environment: fake credentials, a region, config and
credentials files that do not exist, and ``--endpoint-url``. So no setting of
the machine or the user reaches the CLI.

AWS CLI v1 exits 255 when the service returns an error, and also when botocore
rejects a parameter before sending. It exits 2 when its argument parser
rejects the command line. AWS CLI v2 uses other codes (254 and 252), so these
tests require the v1 ``aws`` that the ``test`` extra installs beside the
Python interpreter.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from .helpers import REGION, SET_NAME, TRACKING_DOMAIN, VERIFIED_DOMAIN, free_loopback_port

# pip installs console scripts beside the interpreter, which need not be on PATH.
BIN_DIR = str(Path(sys.executable).parent)
AWS_CLI = shutil.which("aws", path=BIN_DIR) or "aws"
SERVER_SCRIPT = shutil.which("moto-ses-tracking-server", path=BIN_DIR) or "moto-ses-tracking-server"
README = Path(__file__).resolve().parent.parent / "README.md"

SERVICE_ERROR_EXIT = 255
ARGUMENT_ERROR_EXIT = 2
COMMAND_TIMEOUT = 60

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def isolated_environment(home: Path) -> dict[str, str]:
    """Return an environment without AWS settings, config files or credentials.

    Only PATH comes from the test process. HOME and the config file paths point
    into ``home``, where no file exists, and the instance metadata service is
    disabled, so a missing credential fails at once instead of probing the network.
    """
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(home / "missing-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "missing-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def cli_environment(home: Path) -> dict[str, str]:
    """Return ``isolated_environment`` with fake credentials and the test region."""
    return {
        **isolated_environment(home),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }


def run_command(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)


def service_error_line(code: str, operation: str) -> str:
    """Return the start of the line AWS CLI v1 prints on stderr for a service error."""
    return f"An error occurred ({code}) when calling the {operation} operation"


@pytest.fixture(scope="module")
def aws_cli_v1() -> str:
    """Return the path of the ``aws`` command, failing unless it is AWS CLI v1."""
    result = subprocess.run(
        [AWS_CLI, "--version"], capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    # Older v1 releases print the version on stderr, newer ones on stdout.
    version = (result.stdout + result.stderr).strip()
    if not version.startswith("aws-cli/1."):
        pytest.fail(f"{AWS_CLI} must be AWS CLI v1 from the awscli package, found {version!r}")
    return AWS_CLI


def server_client(url: str) -> Any:
    return boto3.client(
        "ses",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def reset(url: str) -> None:
    response = requests.post(f"{url}/moto-api/reset", timeout=10)
    assert response.status_code == 200


@pytest.fixture
def aws(server_url: str, aws_cli_v1: str, tmp_path: Path) -> Iterator[RunCli]:
    """Return a function that runs ``aws --endpoint-url URL SERVICE ARGS...`` on a fresh server.

    SERVICE is the keyword argument ``service``, ``ses`` unless given.

    Before the test, moto's state is reset, the configuration set SET_NAME is
    created and the domain identity VERIFIED_DOMAIN is verified, through boto3.
    """
    reset(server_url)
    ses = server_client(server_url)
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)
    env = cli_environment(tmp_path)

    # The service is a parameter so that sesv2 commands can use the same fixture.
    def run(*arguments: str, service: str = "ses") -> subprocess.CompletedProcess[str]:
        return run_command([aws_cli_v1, "--endpoint-url", server_url, service, *arguments], env)

    yield run
    reset(server_url)


def create_args(name: str = SET_NAME, domain: str = TRACKING_DOMAIN) -> list[str]:
    return [
        "create-configuration-set-tracking-options",
        "--configuration-set-name",
        name,
        "--tracking-options",
        f"CustomRedirectDomain={domain}",
    ]


def update_args(name: str = SET_NAME, domain: str = TRACKING_DOMAIN) -> list[str]:
    return ["update-configuration-set-tracking-options", *create_args(name, domain)[1:]]


def delete_args(name: str = SET_NAME) -> list[str]:
    return ["delete-configuration-set-tracking-options", "--configuration-set-name", name]


def describe_args(name: str = SET_NAME, attribute: str = "trackingOptions") -> list[str]:
    return [
        "describe-configuration-set",
        "--configuration-set-name",
        name,
        "--configuration-set-attribute-names",
        attribute,
    ]


def described(aws: RunCli, attribute: str = "trackingOptions") -> dict[str, Any]:
    """Run describe-configuration-set for SET_NAME and return its parsed JSON output."""
    result = aws(*describe_args(attribute=attribute))
    assert result.returncode == 0, result.stderr
    output: dict[str, Any] = json.loads(result.stdout)
    return output


# --- Success ------------------------------------------------------------------


def test_cli_create_exits_zero(aws: RunCli) -> None:
    result = aws(*create_args())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_cli_describe_shows_domain(aws: RunCli) -> None:
    aws(*create_args())
    assert described(aws)["TrackingOptions"] == {"CustomRedirectDomain": TRACKING_DOMAIN}


def test_cli_describe_omits_unrequested(aws: RunCli) -> None:
    aws(*create_args())
    assert "TrackingOptions" not in described(aws, attribute="eventDestinations")


def test_cli_update_replaces_domain(aws: RunCli) -> None:
    aws(*create_args())
    result = aws(*update_args(domain="links.example.com"))
    assert result.returncode == 0, result.stderr
    assert described(aws)["TrackingOptions"] == {"CustomRedirectDomain": "links.example.com"}


def test_cli_delete_removes_options(aws: RunCli) -> None:
    aws(*create_args())
    result = aws(*delete_args())
    assert result.returncode == 0, result.stderr
    assert "TrackingOptions" not in described(aws)


# --- Service errors: exit 255 and the wire code on stderr ----------------------

# (case id, create options first, CLI arguments, wire code, operation name)
SERVICE_ERROR_CASES: list[tuple[str, bool, list[str], str, str]] = [
    (
        "create missing set",
        False,
        create_args(name="absent"),
        "ConfigurationSetDoesNotExist",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "create unverified domain",
        False,
        create_args(domain="click.other.org"),
        "InvalidTrackingOptions",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "create invalid domain",
        False,
        create_args(domain="-bad-.example.com"),
        "InvalidTrackingOptions",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "create empty domain",
        False,
        create_args(domain=""),
        "InvalidTrackingOptions",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "create empty options",
        False,
        [*create_args()[:-1], "{}"],
        "ValidationError",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "create already exists",
        True,
        create_args(),
        "TrackingOptionsAlreadyExistsException",
        "CreateConfigurationSetTrackingOptions",
    ),
    (
        "update missing set",
        False,
        update_args(name="absent"),
        "ConfigurationSetDoesNotExist",
        "UpdateConfigurationSetTrackingOptions",
    ),
    (
        "update unverified domain",
        True,
        update_args(domain="click.other.org"),
        "InvalidTrackingOptions",
        "UpdateConfigurationSetTrackingOptions",
    ),
    (
        "update does not exist",
        False,
        update_args(),
        "TrackingOptionsDoesNotExistException",
        "UpdateConfigurationSetTrackingOptions",
    ),
    (
        "delete missing set",
        False,
        delete_args(name="absent"),
        "ConfigurationSetDoesNotExist",
        "DeleteConfigurationSetTrackingOptions",
    ),
    (
        "delete does not exist",
        False,
        delete_args(),
        "TrackingOptionsDoesNotExistException",
        "DeleteConfigurationSetTrackingOptions",
    ),
    (
        "describe missing set",
        False,
        describe_args(name="absent"),
        "ConfigurationSetDoesNotExist",
        "DescribeConfigurationSet",
    ),
    (
        "describe bad attribute",
        False,
        describe_args(attribute="everything"),
        "ValidationError",
        "DescribeConfigurationSet",
    ),
]


@pytest.mark.parametrize(
    ("case", "with_options", "arguments", "code", "operation"),
    SERVICE_ERROR_CASES,
    ids=[case[0] for case in SERVICE_ERROR_CASES],
)
def test_cli_service_error(
    aws: RunCli, case: str, with_options: bool, arguments: list[str], code: str, operation: str
) -> None:
    if with_options:
        assert aws(*create_args()).returncode == 0

    result = aws(*arguments)

    assert result.returncode == SERVICE_ERROR_EXIT
    assert service_error_line(code, operation) in result.stderr
    assert result.stdout == ""


def test_cli_failed_update_keeps_domain(aws: RunCli) -> None:
    aws(*create_args())
    result = aws(*update_args(domain="click.other.org"))
    assert result.returncode == SERVICE_ERROR_EXIT
    assert described(aws)["TrackingOptions"] == {"CustomRedirectDomain": TRACKING_DOMAIN}


# --- Parameter errors: rejected by the CLI before any request -----------------

# (case id, CLI arguments, exit code, text on stderr)
PARAMETER_ERROR_CASES: list[tuple[str, list[str], int, str]] = [
    (
        "missing tracking options",
        create_args()[:-2],
        ARGUMENT_ERROR_EXIT,
        "the following arguments are required: --tracking-options",
    ),
    (
        "missing set name",
        [create_args()[0], *create_args()[3:]],
        ARGUMENT_ERROR_EXIT,
        "the following arguments are required: --configuration-set-name",
    ),
    (
        "unknown options member",
        [*create_args()[:-1], "Domain=click.example.com"],
        SERVICE_ERROR_EXIT,
        'Unknown parameter in TrackingOptions: "Domain"',
    ),
]


@pytest.mark.parametrize(
    ("case", "arguments", "exit_code", "message"),
    PARAMETER_ERROR_CASES,
    ids=[case[0] for case in PARAMETER_ERROR_CASES],
)
def test_cli_parameter_error(
    aws: RunCli, case: str, arguments: list[str], exit_code: int, message: str
) -> None:
    result = aws(*arguments)
    assert result.returncode == exit_code
    assert message in result.stderr


# --- moto's reset in server mode ------------------------------------------------


def test_reset_clears_options(aws: RunCli, server_url: str) -> None:
    assert aws(*create_args()).returncode == 0

    reset(server_url)
    ses = server_client(server_url)
    ses.create_configuration_set(ConfigurationSet={"Name": SET_NAME})
    ses.verify_domain_identity(Domain=VERIFIED_DOMAIN)

    assert "TrackingOptions" not in described(aws)
    assert aws(*create_args()).returncode == 0


def test_reset_removes_set(aws: RunCli, server_url: str) -> None:
    assert aws(*create_args()).returncode == 0
    reset(server_url)
    result = aws(*describe_args())
    assert result.returncode == SERVICE_ERROR_EXIT
    assert service_error_line("ConfigurationSetDoesNotExist", "DescribeConfigurationSet") in (
        result.stderr
    )


# --- The README's "Server mode" commands, run as written ------------------------


def readme_section(title: str) -> str:
    """Return the text of the README section headed ``## title``, up to the next one."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def shell_commands(section: str) -> list[list[str]]:
    """Split the fenced code blocks of a README section into shell commands.

    A line that ends with a backslash continues on the next line, as in a shell.
    """
    commands: list[list[str]] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL):
        joined = re.sub(r"\\\n\s*", " ", block)
        commands.extend(shlex.split(line) for line in joined.splitlines() if line.strip())
    return commands


def option_value(argv: list[str], option: str) -> str:
    return argv[argv.index(option) + 1]


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll moto's data endpoint until the server responds, for at most 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise AssertionError(f"server exited with code {process.returncode}:\n{output}")
        try:
            requests.get(f"{url}/moto-api/data.json", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not respond within 30 s")


def test_readme_server_commands(aws_cli_v1: str, tmp_path: Path) -> None:
    """Run the README's server command and AWS CLI commands, only changing the port.

    The README serves on port 5000, which may be taken here, so the test puts
    a free loopback port in the server command and in every ``--endpoint-url``.
    Environment variables come only from the README's ``export`` line, on top
    of an environment without AWS settings.
    """
    commands = shell_commands(readme_section("Server mode"))
    server_commands = [argv for argv in commands if argv[0] == "moto-ses-tracking-server"]
    exports = [argv for argv in commands if argv[0] == "export"]
    cli_commands = [argv for argv in commands if argv[0] == "aws"]
    assert len(server_commands) == 1
    assert len(exports) == 1
    assert len(server_commands) + len(exports) + len(cli_commands) == len(commands)

    server_argv = server_commands[0]
    readme_host = option_value(server_argv, "-H")
    readme_port = option_value(server_argv, "-p")
    readme_endpoint = f"http://{readme_host}:{readme_port}"
    # The test serves only on loopback, so it runs the README's host only if it is loopback.
    assert readme_host == "127.0.0.1"
    assert all(option_value(argv, "--endpoint-url") == readme_endpoint for argv in cli_commands)

    port = str(free_loopback_port())
    endpoint = f"http://{readme_host}:{port}"
    server_argv = [SERVER_SCRIPT, *(port if arg == readme_port else arg for arg in server_argv[1:])]
    env = isolated_environment(tmp_path)
    for assignment in exports[0][1:]:
        name, value = assignment.split("=", 1)
        env[name] = value

    server_env = {k: v for k, v in os.environ.items() if k != "MOTO_SES_TRACKING_DOMAIN_MATCH"}
    log = tmp_path / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            server_argv, stdout=log_file, stderr=subprocess.STDOUT, env=server_env
        )
        try:
            wait_until_serving(endpoint, process, log)
            results = []
            for argv in cli_commands:
                cli_argv = [
                    aws_cli_v1,
                    *(endpoint if a == readme_endpoint else a for a in argv[1:]),
                ]
                results.append(run_command(cli_argv, env))
        finally:
            process.terminate()
            process.wait(timeout=30)

    for argv, result in zip(cli_commands, results, strict=True):
        assert result.returncode == 0, f"{shlex.join(argv)}\n{result.stderr}"

    created = next(argv for argv in cli_commands if "--tracking-options" in argv)
    expected = dict([option_value(created, "--tracking-options").split("=", 1)])
    assert "describe-configuration-set" in cli_commands[-1]
    assert json.loads(results[-1].stdout)["TrackingOptions"] == expected
