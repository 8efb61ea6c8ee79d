"""User settings of the extension, read through moto's own configuration.

Under the decorator, a test chooses the setting with moto's ``config``
argument::

    @mock_aws(config={"ses": {"tracking_domain_match": "exact"}})

A moto server has no such argument, so there the environment variable
``MOTO_SES_TRACKING_DOMAIN_MATCH`` (which ``moto-ses-tracking-server
--tracking-domain-match`` sets) supplies the value. The ``mock_aws`` config
wins over the environment variable, and ``"parent"`` is the default.
"""

from __future__ import annotations

import os
from typing import Any, Literal, cast

TrackingDomainMatch = Literal["parent", "exact"]

#: The accepted values of the ``tracking_domain_match`` setting.
TRACKING_DOMAIN_MATCH_MODES: tuple[TrackingDomainMatch, ...] = ("parent", "exact")

#: The value used when neither the mock_aws config nor the environment sets one.
DEFAULT_TRACKING_DOMAIN_MATCH: TrackingDomainMatch = "parent"

#: The environment variable that sets the mode where no mock_aws config does.
TRACKING_DOMAIN_MATCH_ENV = "MOTO_SES_TRACKING_DOMAIN_MATCH"

# moto's configuration dict, imported on first use so that importing this
# module imports no moto module.
_default_user_config: Any = None


def _moto_user_config() -> Any:
    """Return moto's user configuration dict, which ``mock_aws`` patches in place."""
    global _default_user_config
    if _default_user_config is None:
        from moto.core.config import default_user_config

        _default_user_config = default_user_config
    return _default_user_config


def validate_tracking_domain_match(value: object, source: str) -> TrackingDomainMatch:
    """Return ``value`` as a mode, or raise ValueError naming the source and the choices."""
    for mode in TRACKING_DOMAIN_MATCH_MODES:
        if value == mode:
            return mode
    choices = ", ".join(repr(mode) for mode in TRACKING_DOMAIN_MATCH_MODES)
    raise ValueError(
        f"Invalid tracking_domain_match {value!r} in {source}: expected one of {choices}."
    )


def tracking_domain_match() -> TrackingDomainMatch:
    """Return how a tracking domain is matched against domain identities.

    ``"parent"``: an identity for the domain itself or for any parent domain
    verifies it. ``"exact"``: only an identity with the same name does.

    :raises ValueError: when the configured value is not one of
        :data:`TRACKING_DOMAIN_MATCH_MODES`. Under the decorator the error
        reaches the test that made the call.
    """
    ses_config = _moto_user_config().get("ses") or {}
    if not isinstance(ses_config, dict):
        choices = ", ".join(repr(mode) for mode in TRACKING_DOMAIN_MATCH_MODES)
        raise ValueError(
            f"Invalid ses config {ses_config!r} in mock_aws(config=...): expected a dict "
            f'such as {{"tracking_domain_match": "exact"}}, with a value in {choices}.'
        )
    configured = cast(dict[str, object], ses_config).get("tracking_domain_match")
    if configured is not None:
        return validate_tracking_domain_match(
            configured, 'mock_aws(config={"ses": {"tracking_domain_match": ...}})'
        )
    from_environment = os.environ.get(TRACKING_DOMAIN_MATCH_ENV)
    if from_environment:
        return validate_tracking_domain_match(
            from_environment, f"the {TRACKING_DOMAIN_MATCH_ENV} environment variable"
        )
    return DEFAULT_TRACKING_DOMAIN_MATCH
