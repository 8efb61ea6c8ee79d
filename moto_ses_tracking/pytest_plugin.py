"""pytest plugin that activates the extension for the whole test session.

Installing the package registers this module under the ``pytest11`` entry
point ``moto_ses_tracking``, so ``@mock_aws`` tests get the tracking-options
operations without any code change. To run without it, disable the plugin:
``pytest -p no:moto_ses_tracking``. To run one test without it, request the
``ses_tracking_inactive`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .activation import activate, deactivate, is_active


def pytest_configure(config: pytest.Config) -> None:
    """Activate the extension before any test module is collected.

    :raises pytest.UsageError: ``MOTO_SES_TRACKING_DOMAIN_MATCH`` has a value
        that the extension does not accept.
    """
    try:
        activate()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore moto when the test session ends."""
    deactivate()


@pytest.fixture
def ses_tracking_inactive() -> Iterator[None]:
    """Run one test with moto as it is without the extension.

    The extension is deactivated for the test and, if it was active before,
    activated again afterwards. Calling ``deactivate()`` directly instead would
    switch it off for the rest of the session.
    """
    was_active = is_active()
    deactivate()
    try:
        yield
    finally:
        if was_active:
            activate()
