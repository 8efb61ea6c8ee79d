"""SES API v2 request handlers, installed on moto's ``SESV2Response``.

moto's SESv2 handlers return JSON text. The handlers here do the same, and
raise ServiceException subclasses for errors, which moto serializes with the
SESv2 model.
"""

from __future__ import annotations

import json
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from moto.core.responses import BaseResponse
from moto.sesv2.responses import SESV2Response

from ..activation import original
from ..serialization import serialize_error
from ..ses.query_checks import is_gzip_encoded, operation_names, raw_request_parts, utf8_problem
from ..ses.utils import printable
from .exceptions import BadRequestException, NotFoundException
from .models import SESV2TrackingBackend


def _request_error(request: Any) -> BadRequestException | None:
    """Return the error for a malformed SESv2 request, or None when it is well formed.

    moto decodes every body as UTF-8 before it dispatches, and a failure there
    was a 500 with an HTML traceback page. moto also calls the handler method
    that an ``Action`` query parameter names, whatever it is, so an Action
    outside the SESv2 model is rejected here. A gzip-encoded body is left for
    moto to inflate, unchecked.
    """
    if is_gzip_encoded(request):
        return None
    query, _, body = raw_request_parts(request)
    if isinstance(body, bytes):
        problem = utf8_problem(body)
        if problem is not None:
            return BadRequestException(problem)
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name == "Action" and value not in operation_names("sesv2"):
            return BadRequestException(
                f"The query parameter Action={printable(value)} names no SESv2 operation."
            )
    return None


def _backend(response: SESV2Response) -> SESV2TrackingBackend:
    return cast(SESV2TrackingBackend, response.sesv2_backend)


_SETS_PATH = ("", "v2", "email", "configuration-sets")


def _path_configuration_set_name(response: SESV2Response, *trailing: str) -> str:
    """Return the ConfigurationSetName of the request path, percent-decoded once.

    The path must be ``/v2/email/configuration-sets/{ConfigurationSetName}``
    followed by the ``trailing`` segments. The path member wins over any
    ConfigurationSetName in the body, because the SESv2 model binds the member
    to the URI. The name is read from the raw path, which every supported moto
    version keeps encoded, rather than from moto's route match, whose type and
    decoding differ between versions.

    :raises NotFoundException: the path has another shape.
    """
    path = urlsplit(str(response.uri)).path
    parts = path.split("/")
    if tuple(parts[:4]) != _SETS_PATH or tuple(parts[5:]) != trailing or len(parts) < 5:
        raise NotFoundException(
            f"No SESv2 operation matches {printable(response.method)} {printable(path)}."
        )
    return unquote(parts[4])


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
    except RecursionError:
        raise BadRequestException("The request body is nested too deeply to parse.") from None
    if not isinstance(document, dict):
        raise BadRequestException("The request body must be a JSON object.")
    return document


class SESV2TrackingResponse(SESV2Response):
    """Tracking-options handlers, installed on moto's SESV2Response by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def _dispatch(self, request: Any, full_url: Any = None, headers: Any = None) -> Any:
        """Reject a malformed request with BadRequestException, or dispatch it as moto does.

        See :func:`_request_error` for the checks.
        """
        error = _request_error(request)
        if error is not None:
            return serialize_error("sesv2", "rest-json", error)
        status, response_headers, body = BaseResponse._dispatch(self, request, full_url, headers)
        if status == 404 and not body:
            # moto found no operation for this method and path, and from moto
            # 5.2.6 on it ignores an Action query parameter on SESv2 paths.
            method = getattr(request, "method", "")
            path = urlsplit(str(request.url)).path
            not_found = NotFoundException(
                f"No SESv2 operation matches {printable(method)} {printable(path)}."
            )
            return serialize_error("sesv2", "rest-json", not_found)
        return status, response_headers, body

    def put_configuration_set_tracking_options(self) -> str:
        """Handle PutConfigurationSetTrackingOptions.

        ``PUT /v2/email/configuration-sets/{ConfigurationSetName}/tracking-options``
        with a body of CustomRedirectDomain and HttpsPolicy, both optional.
        """
        name = _path_configuration_set_name(self, "tracking-options")
        document = _json_object(self)
        options: dict[str, Any] = {
            member: document[member]
            for member in ("CustomRedirectDomain", "HttpsPolicy")
            if member in document
        }
        _backend(self).put_configuration_set_tracking_options(name, options)
        return json.dumps({})

    def create_configuration_set(self) -> str:
        """Handle CreateConfigurationSet after checking the body and the set name.

        moto's handler reads the members. The backend checks TrackingOptions.
        """
        name = _json_object(self).get("ConfigurationSetName")
        if not isinstance(name, str) or not name:
            raise BadRequestException(
                "ConfigurationSetName is required and must be a non-empty string."
            )
        moto_handler = original(SESV2Response, "create_configuration_set")
        return cast(str, moto_handler(self))

    def get_configuration_set(self) -> str:
        """Handle GetConfigurationSet, leaving out TrackingOptions when none are stored.

        moto writes ``"TrackingOptions": {}`` for a set without tracking
        options, which SDKs would read as present. HttpsPolicy appears only when
        one was stored. The name comes from the path, decoded once, as for Put.
        """
        name = _path_configuration_set_name(self)
        document = _backend(self).get_configuration_set(name).to_dict_v2()
        tracking_options = document.get("TrackingOptions")
        if not (
            isinstance(tracking_options, dict) and tracking_options.get("CustomRedirectDomain")
        ):
            document.pop("TrackingOptions", None)
        return json.dumps(document)
