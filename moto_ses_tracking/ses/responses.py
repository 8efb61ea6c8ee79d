"""SES API v1 request handlers, installed on moto's ``EmailResponse``.

moto routes every SES v1 (Query protocol) request to ``EmailResponse`` and
calls the method named after the ``Action`` parameter in snake case. The
handlers here only read parameters, call the backend and wrap the result, as
moto's own handlers do. Helpers are module functions rather than methods,
because every method of ``EmailResponse`` can be reached through ``Action``.
"""

from __future__ import annotations

from typing import Any, cast

from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.ses.responses import EmailResponse

from ..activation import original
from ..serialization import serialize_error
from .exceptions import ValidationError, missing_parameter
from .models import CUSTOM_REDIRECT_DOMAIN, SESTrackingBackend
from .query_checks import query_request_error
from .utils import escape_unprintable, printable

#: The ``ConfigurationSetAttribute`` enum of the SES model, in the model's order.
CONFIGURATION_SET_ATTRIBUTES = (
    "eventDestinations",
    "trackingOptions",
    "deliveryOptions",
    "reputationOptions",
)


def _backend(response: EmailResponse) -> SESTrackingBackend:
    return cast(SESTrackingBackend, response.backend)


def _required_name(response: EmailResponse) -> str:
    """Return ConfigurationSetName, or raise SES's ValidationError when it is absent."""
    name = response._get_param("ConfigurationSetName")
    if name is None:
        raise missing_parameter("configurationSetName")
    return str(name)


def _required_domain(response: EmailResponse) -> str:
    """Return TrackingOptions.CustomRedirectDomain, "" when TrackingOptions has none.

    boto3 sends no parameter at all for ``TrackingOptions={}``, so that call
    gets the ValidationError of an absent TrackingOptions.
    """
    options = response._get_param("TrackingOptions")
    if options is None:
        raise missing_parameter("trackingOptions")
    if not isinstance(options, dict):
        return ""
    domain = options.get(CUSTOM_REDIRECT_DOMAIN)
    return domain if isinstance(domain, str) else ""


def _attribute_names(response: EmailResponse) -> list[str]:
    """Return ConfigurationSetAttributeNames, rejecting values outside the model's enum.

    botocore does not check enums on the client, so the server must.
    """
    names = response._get_param("ConfigurationSetAttributeNames") or []
    if not isinstance(names, list):
        names = [names]
    for index, name in enumerate(names, start=1):
        if name not in CONFIGURATION_SET_ATTRIBUTES:
            allowed = ", ".join(CONFIGURATION_SET_ATTRIBUTES)
            raise ValidationError(
                f"1 validation error detected: Value '{printable(str(name))}' at "
                f"'configurationSetAttributeNames.{index}' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{allowed}]"
            )
    return [str(name) for name in names]


class EmailTrackingResponse(EmailResponse):
    """Tracking-options handlers, installed on moto's EmailResponse by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def _dispatch(self, request: Any, full_url: Any = None, headers: Any = None) -> Any:
        """Reject a malformed Query request with an SES error, or dispatch it as moto does.

        See ``moto_ses_tracking.ses.query_checks`` for the checks.
        """
        error = query_request_error(request)
        if error is not None:
            return serialize_error("ses", "query", error)
        return BaseResponse._dispatch(self, request, full_url, headers)

    def create_configuration_set_tracking_options(self) -> ActionResult:
        """Handle CreateConfigurationSetTrackingOptions."""
        name = _required_name(self)
        domain = _required_domain(self)
        _backend(self).create_configuration_set_tracking_options(name, domain)
        return EmptyResult()

    def update_configuration_set_tracking_options(self) -> ActionResult:
        """Handle UpdateConfigurationSetTrackingOptions."""
        name = _required_name(self)
        domain = _required_domain(self)
        _backend(self).update_configuration_set_tracking_options(name, domain)
        return EmptyResult()

    def delete_configuration_set_tracking_options(self) -> ActionResult:
        """Handle DeleteConfigurationSetTrackingOptions."""
        name = _required_name(self)
        _backend(self).delete_configuration_set_tracking_options(name)
        return EmptyResult()

    def describe_configuration_set(self) -> ActionResult:
        """Handle DescribeConfigurationSet, adding TrackingOptions when requested.

        moto's own handler builds the rest of the result, unchanged. The
        TrackingOptions element appears only when ``trackingOptions`` is among
        the requested attribute names and the set has a tracking domain.
        """
        name = _required_name(self)
        attribute_names = _attribute_names(self)
        tracking_options = _backend(self).get_tracking_options(name)

        moto_handler = original(EmailResponse, "describe_configuration_set")
        result = cast(ActionResult, moto_handler(self))
        domain = tracking_options.get(CUSTOM_REDIRECT_DOMAIN)
        if "trackingOptions" in attribute_names and domain:
            body = cast(dict[str, Any], result.result)
            # Only a value stored before activation can hold control characters.
            body["TrackingOptions"] = {CUSTOM_REDIRECT_DOMAIN: escape_unprintable(domain)}
        return result

    def delete_configuration_set(self) -> ActionResult:
        """Handle DeleteConfigurationSet, rejecting a request without a name.

        moto's own handler passes a missing name on as the text "None", which
        would delete a set of that name.
        """
        name = _required_name(self)
        _backend(self).delete_configuration_set(name)
        return EmptyResult()
