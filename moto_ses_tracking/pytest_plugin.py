"""pytest plugin that activates the extension for the whole test session.

Installing the package registers this module under the ``pytest11`` entry
point ``moto_ses_tracking``, so ``@mock_aws`` tests get the tracking-options
operations without any code change. To run without it, disable the plugin:
``pytest -p no:moto_ses_tracking``.
"""

from __future__ import annotations

import pytest

from .activation import activate, deactivate


def pytest_configure(config: pytest.Config) -> None:
    """Activate the extension before any test module is collected."""
    activate()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore moto when the test session ends."""
    deactivate()
