"""The AWS SDK for JavaScript v3 against the extension in server mode.

The tests themselves are in ``tests/js/*.test.mjs`` and run under node's
built-in test runner. This module installs their npm dependencies from
``tests/js/package-lock.json`` with ``npm ci`` when ``tests/js/node_modules``
contains no completed install, then runs ``node --test`` on every ``*.test.mjs``
file against moto's threaded server on a free loopback port. It skips only
when ``node`` or ``npm`` is not on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

JS_DIR = Path(__file__).resolve().parent / "js"
NODE = shutil.which("node")
NPM = shutil.which("npm")
NPM_CI_TIMEOUT = 600
NODE_TEST_TIMEOUT = 300

pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None,
    reason="node and npm must be on PATH to run the AWS SDK for JavaScript tests",
)


def tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def js_dependencies() -> Path:
    """Install tests/js's locked npm packages unless a completed install is present.

    npm writes ``node_modules/.package-lock.json`` at the end of an install, so
    its absence means no install or an interrupted one. Install scripts are
    disabled, because the AWS SDK packages need none.
    """
    assert NPM is not None
    if not (JS_DIR / "node_modules" / ".package-lock.json").is_file():
        result = subprocess.run(
            [NPM, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
        )
        assert result.returncode == 0, f"npm ci failed:\n{tail(result.stdout + result.stderr)}"
    return JS_DIR


def node_environment(home: Path, endpoint: str) -> dict[str, str]:
    """Return the test process's environment without AWS settings, plus the endpoint.

    The config and credentials file paths point into ``home``, where no file
    exists, so no AWS setting of the machine or the user reaches the SDK.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(
        {
            "AWS_CONFIG_FILE": str(home / "missing-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "missing-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "MOTO_SES_TRACKING_ENDPOINT": endpoint,
        }
    )
    return env


def tap_count(output: str, name: str) -> int:
    """Return the ``# NAME N`` summary count of node's TAP reporter, or -1 if absent."""
    match = re.search(rf"^# {name} (\d+)$", output, flags=re.MULTILINE)
    return int(match.group(1)) if match else -1


def test_js_sdk_suite_passes(js_dependencies: Path, server_url: str, tmp_path: Path) -> None:
    assert NODE is not None
    test_files = sorted(path.name for path in js_dependencies.glob("*.test.mjs"))
    assert test_files, f"no *.test.mjs file in {js_dependencies}"

    result = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", *test_files],
        cwd=js_dependencies,
        env=node_environment(tmp_path, server_url),
        capture_output=True,
        text=True,
        timeout=NODE_TEST_TIMEOUT,
    )
    requests.post(f"{server_url}/moto-api/reset", timeout=10)

    output = result.stdout + result.stderr
    assert result.returncode == 0, f"node --test failed:\n{tail(output, 200)}"
    assert tap_count(result.stdout, "fail") == 0
    assert tap_count(result.stdout, "pass") > 0
