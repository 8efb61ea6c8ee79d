"""Run moto's own SES and SESv2 test suites with the extension active.

The extension patches moto's SES and SESv2 backend and response classes, so
it can break moto behaviour that it does not mean to change. These tests
download the source distribution (sdist) of the installed moto version from
the package index and unpack its ``tests`` folder into a pytest temporary
directory. A subprocess with the same interpreter and this package's pytest
plugin then runs ``tests/test_ses`` and ``tests/test_sesv2``.

Upstream tests that fail by design, because the extension follows real SES
where moto's test expects moto's old behaviour, are listed in
:data:`EXPECTED_FAILURES`. The suite run deselects them and must pass.
A second run of only the listed tests checks that each of them still fails,
so that the list does not keep entries that no longer apply.

The tests need access to the package index: ``pip download`` fetches the
sdist and, to read its metadata, moto's build backend (setuptools).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path

import pytest

#: Upstream tests that fail with the extension active by design: pytest node
#: id, relative to the sdist root, to a one-line reason.
#: Collected with moto 5.2.5 and checked with 5.1.15. Other versions may differ.
_UNVERIFIED_ABC_COM = (
    'creates a set with CustomRedirectDomain "abc.com" but verifies no identity, '
    "so CreateConfigurationSet raises BadRequestException as real SES does"
)
EXPECTED_FAILURES: dict[str, str] = {
    "tests/test_sesv2/test_sesv2.py::test_create_configuration_set": _UNVERIFIED_ABC_COM,
    "tests/test_sesv2/test_sesv2.py::test_get_configuration_set": _UNVERIFIED_ABC_COM,
    "tests/test_sesv2/test_sesv2.py::test_list_configuration_sets": _UNVERIFIED_ABC_COM,
    "tests/test_sesv2/test_sesv2.py::test_delete_configuration_set": _UNVERIFIED_ABC_COM,
}

#: The upstream test folders to run, relative to the sdist root.
UPSTREAM_SUITES = ("tests/test_ses", "tests/test_sesv2")

#: The seconds that ``pip download`` may take, including its metadata build.
DOWNLOAD_TIMEOUT_SECONDS = 300

#: The seconds that one upstream pytest run may take. Both suites took about
#: 15 seconds in this module's run on a 2-core machine (moto 5.2.5, Python 3.11).
SUITE_TIMEOUT_SECONDS = 300

#: Environment variables removed from the subprocess, because each changes
#: what the upstream run tests. PYTEST_ADDOPTS could disable the plugin, and
#: TEST_SERVER_MODE makes moto's tests call a server that is not running. The
#: table assumes the default tracking-domain match, "parent".
ISOLATED_ENVIRONMENT_VARIABLES = (
    "PYTEST_ADDOPTS",
    "TEST_SERVER_MODE",
    "MOTO_SES_TRACKING_DOMAIN_MATCH",
)

# The final line of a pytest run, such as "== 130 passed, 2 deselected in 9.1s ==".
_SUMMARY_LINE = re.compile(r"^=+ (?P<counts>.*) in [\d.]+s(?: \([^)]*\))? =+$")
_SUMMARY_COUNT = re.compile(r"(?P<number>\d+) (?P<outcome>[a-z]+)")


def _download_sdist(version: str, directory: Path) -> Path:
    """Download the sdist of moto ``version`` into ``directory`` and return its path.

    pip builds the sdist's metadata with moto's build backend, which it installs
    from the index into an isolated environment. ``--no-build-isolation`` would
    use the interpreter's setuptools instead, and setuptools 65.5 without the
    ``wheel`` package fails there with "invalid command 'bdist_wheel'".
    """
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-binary",
        ":all:",
        "--no-deps",
        "--disable-pip-version-check",
        "--dest",
        str(directory),
        f"moto=={version}",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=DOWNLOAD_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"pip download of moto=={version} failed with exit code "
            f"{result.returncode}. Check access to the package index.\n"
            f"{_tail(result.stdout + result.stderr)}"
        )
    archives = sorted(directory.glob("moto-*.tar.gz"))
    if len(archives) != 1:
        pytest.fail(f"Expected one moto sdist in {directory}, found {archives}.")
    return archives[0]


def _extract_tests(archive: Path, destination: Path) -> Path:
    """Unpack the ``tests`` folder and ``pyproject.toml`` of a moto sdist.

    Returns the unpacked sdist root. The sdist's ``moto`` package is left out,
    because the subprocess runs with the sdist root on ``sys.path``. That copy
    would shadow the installed moto, which is the one the extension patches.
    """
    with tarfile.open(archive, "r:gz") as sdist:
        members = []
        root_names = set()
        for member in sdist.getmembers():
            root_name, _, inner_path = member.name.partition("/")
            if inner_path == "pyproject.toml" or inner_path.startswith("tests/"):
                members.append(member)
                root_names.add(root_name)
        if len(root_names) != 1:
            pytest.fail(f"Expected one top-level folder in {archive}, found {root_names}.")
        # The "data" filter rejects absolute paths and links out of the
        # destination. PEP 706 added it in Python 3.12 and 3.11.4.
        if hasattr(tarfile, "data_filter"):
            sdist.extractall(destination, members=members, filter="data")
        else:
            sdist.extractall(destination, members=members)
    return destination / root_names.pop()


@pytest.fixture(scope="session")
def moto_sdist_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the unpacked sdist root of the installed moto, downloaded once per session."""
    version = importlib.metadata.version("moto")
    download_directory = tmp_path_factory.mktemp("moto-sdist-download")
    archive = _download_sdist(version, download_directory)
    return _extract_tests(archive, tmp_path_factory.mktemp("moto-sdist"))


def _run_upstream_pytest(
    sdist_root: Path, arguments: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    """Run pytest on upstream tests in a subprocess, with this package's plugin loaded.

    The working directory is the sdist root, so ``import tests`` finds moto's
    test helpers. ``-c pyproject.toml`` makes moto's configuration the only one
    read, so this repository's setup.cfg plays no part. ``-p moto_ses_tracking``
    loads the plugin by its entry point name even where plugin autoloading is
    disabled.
    """
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        "pyproject.toml",
        "--rootdir",
        ".",
        "-o",
        "addopts=",
        "-p",
        "moto_ses_tracking",
        "-p",
        "no:cacheprovider",
        "--color=no",
        "--tb=short",
        "-rfE",
        *arguments,
    ]
    environment = dict(os.environ)
    for name in ISOLATED_ENVIRONMENT_VARIABLES:
        environment.pop(name, None)
    # pytest cuts each short-summary line to the terminal width, 80 columns in
    # a subprocess, which would hide most of each failure message.
    environment["COLUMNS"] = "120"
    return subprocess.run(
        command,
        cwd=sdist_root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT_SECONDS,
        check=False,
    )


def _summary_counts(output: str) -> dict[str, int]:
    """Return the outcome counts of pytest's final summary line, such as {"passed": 130}.

    Singular words are made plural ("1 error" counts under "errors"). An
    output without a summary line gives an empty dict.
    """
    for line in reversed(output.splitlines()):
        match = _SUMMARY_LINE.match(line.strip())
        if match is None:
            continue
        counts: dict[str, int] = {}
        for count in _SUMMARY_COUNT.finditer(match.group("counts")):
            outcome = count.group("outcome")
            if outcome in ("error", "warning"):
                outcome += "s"
            counts[outcome] = int(count.group("number"))
        return counts
    return {}


def _failed_node_ids(output: str) -> set[str]:
    """Return the node ids that pytest's short summary (``-rf``) lists as FAILED."""
    failed = set()
    for line in output.splitlines():
        if line.startswith("FAILED "):
            node_id = line.removeprefix("FAILED ").split(" - ", 1)[0]
            failed.add(node_id)
    return failed


def _tail(output: str, line_count: int = 60) -> str:
    """Return the last lines of a subprocess output, for assertion messages."""
    return "\n".join(output.splitlines()[-line_count:])


def test_upstream_suites_pass(moto_sdist_root: Path) -> None:
    """moto's SES and SESv2 tests pass with the extension, except the listed ones."""
    deselections = [f"--deselect={node_id}" for node_id in EXPECTED_FAILURES]
    result = _run_upstream_pytest(moto_sdist_root, [*UPSTREAM_SUITES, *deselections])
    output = result.stdout + result.stderr
    exit_code = result.returncode
    counts = _summary_counts(result.stdout)

    assert exit_code == 0, (
        f"moto's SES and SESv2 tests failed with the extension active "
        f"(exit code {exit_code}). Fix the regression, or list a test "
        f"in EXPECTED_FAILURES with the reason it fails by design.\n{_tail(output)}"
    )
    assert counts.get("passed", 0) > 0, f"No upstream test passed.\n{_tail(output)}"
    assert counts.get("deselected", 0) == len(EXPECTED_FAILURES), (
        f"Deselected {counts.get('deselected', 0)} tests, but EXPECTED_FAILURES "
        f"lists {len(EXPECTED_FAILURES)}, so an entry names no upstream test.\n"
        f"{_tail(output)}"
    )


def test_expected_failures_still_fail(moto_sdist_root: Path) -> None:
    """Every test in EXPECTED_FAILURES still fails with the extension active."""
    if not EXPECTED_FAILURES:
        pytest.skip("EXPECTED_FAILURES is empty, so there is nothing to check.")
    result = _run_upstream_pytest(moto_sdist_root, list(EXPECTED_FAILURES))
    output = result.stdout + result.stderr
    failed = _failed_node_ids(result.stdout)

    not_failing = [node_id for node_id in EXPECTED_FAILURES if node_id not in failed]
    assert not_failing == [], (
        "These EXPECTED_FAILURES entries did not fail, so they pass now or name "
        f"no upstream test: remove them from the table.\n{_tail(output)}"
    )
