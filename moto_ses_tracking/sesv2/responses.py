"""SES API v2 request handlers, installed on moto's ``SESV2Response``.

moto's SESv2 handlers return JSON text. The handlers here do the same, and
raise ServiceException subclasses for errors, which moto serializes with the
SESv2 model.
"""

from __future__ import annotations

import json
from typing import Any, cast
from urllib.parse import unquote

from moto.core.responses import BaseResponse
from moto.sesv2.responses import SESV2Response

from ..activation import original
from ..serialization import serialize_error
from .exceptions import BadRequestException
from .models import SESV2TrackingBackend


def _backend(response: SESV2Response) -> SESV2TrackingBackend:
    return cast(SESV2TrackingBackend, response.sesv2_backend)


def _path_configuration_set_name(response: SESV2Response) -> str:
    """Return the ConfigurationSetName of the request path, percent-decoded.

    The path member wins over any ConfigurationSetName in the body, because
    the SESv2 model binds the member to the URI.
    """
    name = response.uri_match.get("ConfigurationSetName") if response.uri_match else None
    if name is None:
        # The path is /v2/email/configuration-sets/{ConfigurationSetName}/...
        parts = response.path.split("/")
        name = parts[4] if len(parts) > 4 else ""
    return unquote(str(name))


def _json_object(response: SESV2Response) -> dict[str, Any]:
    """Return the request body as a JSON object, {} for an empty body.

    :raises BadRequestException: the body is not a JSON object.
    """
    body = response.body
    if body is None or body == "" or body == b"":
        return {}
    try:
        document = json.loads(body)
    except ValueError as error:
        raise BadRequestException(f"The request body is not valid JSON: {error}.") from None
    if not isinstance(document, dict):
        raise BadRequestException("The request body must be a JSON object.")
    return document


class SESV2TrackingResponse(SESV2Response):
    """Tracking-options handlers, installed on moto's SESV2Response by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def _dispatch(self, request: Any, full_url: Any = None, headers: Any = None) -> Any:
        """Answer a body that is not UTF-8 with BadRequestException, or dispatch as moto does.

        moto decodes every body as UTF-8 before it dispatches, and a failure there
        was a 500 with an HTML traceback page.
        """
        body = request.get_data(cache=True) if hasattr(request, "get_data") else request.body
        if isinstance(body, bytes):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as error:
                message = (
                    f"The request body is not valid UTF-8: byte 0x{body[error.start]:02x} "
                    f"at position {error.start}."
                )
                return serialize_error("sesv2", "rest-json", BadRequestException(message))
        return BaseResponse._dispatch(self, request, full_url, headers)

    def put_configuration_set_tracking_options(self) -> str:
        """Handle PutConfigurationSetTrackingOptions.

        ``PUT /v2/email/configuration-sets/{ConfigurationSetName}/tracking-options``
        with a body of CustomRedirectDomain and HttpsPolicy, both optional.
        """
        name = _path_configuration_set_name(self)
        document = _json_object(self)
        options: dict[str, Any] = {
            member: document[member]
            for member in ("CustomRedirectDomain", "HttpsPolicy")
            if member in document
        }
        _backend(self).put_configuration_set_tracking_options(name, options)
        return json.dumps({})

    def create_configuration_set(self) -> str:
        """Handle CreateConfigurationSet after checking that the body is a JSON object.

        moto's handler reads the members. The backend checks TrackingOptions.
        """
        _json_object(self)
        moto_handler = original(SESV2Response, "create_configuration_set")
        return cast(str, moto_handler(self))

    def get_configuration_set(self) -> str:
        """Handle GetConfigurationSet, leaving out TrackingOptions when none are stored.

        moto writes ``"TrackingOptions": {}`` for a set without tracking
        options, which SDKs would read as present. HttpsPolicy appears only when
        one was stored.
        """
        moto_handler = original(SESV2Response, "get_configuration_set")
        document = json.loads(moto_handler(self))
        tracking_options = document.get("TrackingOptions")
        if not (
            isinstance(tracking_options, dict) and tracking_options.get("CustomRedirectDomain")
        ):
            document.pop("TrackingOptions", None)
        return json.dumps(document)
