"""Errors of the SES API v1 tracking-options operations.

Each ``code`` is the wire code of an error shape in botocore's SES model
(``ses/2010-12-01``), so moto's serializer takes the HTTP status and the extra
members from that model and botocore maps the response to
``client.exceptions.<ShapeName>``:

=========================================  =========================================
botocore exception shape                   wire code
=========================================  =========================================
ConfigurationSetDoesNotExistException      ``ConfigurationSetDoesNotExist``
TrackingOptionsAlreadyExistsException      ``TrackingOptionsAlreadyExistsException``
TrackingOptionsDoesNotExistException       ``TrackingOptionsDoesNotExistException``
InvalidTrackingOptionsException            ``InvalidTrackingOptions``
=========================================  =========================================

All four are HTTP 400 in the model. The first three carry the model's
``ConfigurationSetName`` member inside the ``<Error>`` element.

moto looks up the service model of an exception from its module path: the
second part of ``moto_ses_tracking.ses.exceptions`` is ``ses``, as in
``moto.ses.exceptions``. Keep these classes in a package named ``ses``.
"""

from __future__ import annotations

from moto.ses.exceptions import ConfigurationSetDoesNotExist as MotoConfigurationSetDoesNotExist
from moto.ses.exceptions import InvalidParameterValue, SesError, ValidationError

from .utils import printable

__all__ = [
    "ConfigurationSetDoesNotExist",
    "InvalidAction",
    "InvalidParameterValue",
    "InvalidQueryParameter",
    "InvalidTrackingOptions",
    "MissingAction",
    "TrackingOptionsAlreadyExistsException",
    "TrackingOptionsDoesNotExistException",
    "ValidationError",
    "missing_parameter",
]


class ConfigurationSetDoesNotExist(MotoConfigurationSetDoesNotExist):
    """The named configuration set does not exist in this account and region.

    A subclass of moto's own class, so code that catches moto's error catches
    this one too. It adds the ``ConfigurationSetName`` member of the model.
    """

    def __init__(self, configuration_set_name: str) -> None:
        display_name = printable(configuration_set_name)
        super().__init__(f"Configuration set <{display_name}> does not exist.")
        self.configuration_set_name = display_name


class TrackingOptionsAlreadyExistsException(SesError):
    """CreateConfigurationSetTrackingOptions on a set that already has tracking options."""

    code = "TrackingOptionsAlreadyExistsException"

    def __init__(self, configuration_set_name: str) -> None:
        display_name = printable(configuration_set_name)
        super().__init__(
            f"Tracking options already exist for configuration set <{display_name}>. "
            "Call UpdateConfigurationSetTrackingOptions to change them."
        )
        self.configuration_set_name = display_name


class TrackingOptionsDoesNotExistException(SesError):
    """Update or DeleteConfigurationSetTrackingOptions on a set without tracking options."""

    code = "TrackingOptionsDoesNotExistException"

    def __init__(self, configuration_set_name: str) -> None:
        display_name = printable(configuration_set_name)
        super().__init__(
            f"Configuration set <{display_name}> has no tracking options. "
            "Call CreateConfigurationSetTrackingOptions first."
        )
        self.configuration_set_name = display_name


class InvalidTrackingOptions(SesError):
    """The tracking domain is empty, not a valid domain name, or not verified."""

    code = "InvalidTrackingOptions"


class MissingAction(SesError):
    """The request has no Action parameter (an AWS common error, HTTP 400)."""

    code = "MissingAction"


class InvalidAction(SesError):
    """The Action is not an operation of the service (an AWS common error, HTTP 400)."""

    code = "InvalidAction"


class InvalidQueryParameter(SesError):
    """The query string or form body is malformed (an AWS common error, HTTP 400)."""

    code = "InvalidQueryParameter"


def missing_parameter(member: str) -> ValidationError:
    """Return the ValidationError SES sends when a required member is absent.

    ``member`` is the member name in lower camel case, as SES writes it in
    the message, for example ``configurationSetName``.
    """
    return ValidationError(
        f"1 validation error detected: Value null at '{member}' failed to satisfy "
        "constraint: Member must not be null"
    )
