"""Checks of an SES API v1 (Query protocol) request before moto parses it.

moto responds with a 404 and an empty HTML body to a Query request without an
Action or with a body that is not UTF-8. It responds with a 500 to an Action
outside the model, and it silently keeps the first of repeated parameters.
These checks
turn each case into a 400 with an SES XML error body, using the error codes
that the SES API reference lists as common to all actions:

- ``InvalidQueryParameter``: the body is not UTF-8, or a parameter appears more
  than once;
- ``MissingAction``: there is no Action, or it is empty;
- ``InvalidAction``: the Action is not an operation of the SES model;
- ``InvalidParameterValue``: a Version other than 2010-12-01. A request without
  a Version is accepted, as moto accepts it;
- ``ValidationError``: a member that the operation's input shape requires is
  absent, with SES's "Value null at 'member'" message. Several moto handlers
  failed with a 500 on such requests.

A gzip-encoded body is passed to moto unchecked, because moto inflates it
from the request stream, which these checks must leave unread. SDKs compress
only requests that they built well formed.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from moto.core.utils import get_service_model

from .exceptions import (
    InvalidAction,
    InvalidParameterValue,
    InvalidQueryParameter,
    MissingAction,
    missing_parameter,
)
from .utils import printable

API_VERSION = "2010-12-01"

#: The AWS common error codes raised here that no service model defines.
QUERY_COMMON_ERROR_CODES = ("MissingAction", "InvalidAction", "InvalidQueryParameter")

_FORM_TYPES = ("", "application/x-www-form-urlencoded")


@functools.cache
def operation_names(service_name: str) -> frozenset[str]:
    """Return the operation names of a botocore service model, such as ``ses``."""
    return frozenset(get_service_model(service_name).operation_names)


def utf8_problem(body: bytes) -> str | None:
    """Return a sentence naming the first byte of ``body`` that is not UTF-8, or None."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            f"The request body is not valid UTF-8: byte 0x{body[error.start]:02x} "
            f"at position {error.start}."
        )
    return None


@functools.cache
def _required_members(action: str) -> tuple[str, ...]:
    input_shape = get_service_model("ses").operation_model(action).input_shape
    if input_shape is None:
        return ()
    return tuple(input_shape.required_members)


def _lower_camel(member: str) -> str:
    return member[:1].lower() + member[1:]


def is_gzip_encoded(request: Any) -> bool:
    """Return whether the request body is gzip-encoded, which moto inflates itself."""
    return str(request.headers.get("Content-Encoding") or "").strip().lower() == "gzip"


def raw_request_parts(request: Any) -> tuple[str, str, bytes | str]:
    """Return the query string, the content type and the body of a moto request.

    moto passes a werkzeug request in server mode and, from moto 5.2 on, in
    decorator mode too. Older versions pass botocore's AWSPreparedRequest in
    decorator mode. ``get_data(cache=True)`` keeps the bytes for moto's own
    form parsing later. Do not call this for a gzip-encoded request.
    """
    content_type = str(request.headers.get("Content-Type") or "")
    if hasattr(request, "get_data"):
        # Percent-encoding keeps a query string ASCII, and reading it is much
        # cheaper than werkzeug's request.url.
        query = request.query_string.decode("utf-8", "replace")
        return query, content_type, request.get_data(cache=True)
    return urlsplit(str(request.url)).query, content_type, request.body or b""


def query_request_error(request: Any) -> Exception | None:
    """Return the error for a malformed SES v1 request, or None when it is well formed."""
    if is_gzip_encoded(request):
        return None
    query, content_type, body = raw_request_parts(request)
    pairs = parse_qsl(query, keep_blank_values=True)

    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in _FORM_TYPES and body:
        if isinstance(body, bytes):
            problem = utf8_problem(body)
            if problem is not None:
                return InvalidQueryParameter(f"{problem} Percent-encode the parameters as UTF-8.")
            body = body.decode("utf-8")
        pairs += parse_qsl(body, keep_blank_values=True)

    names = [name for name, _ in pairs]
    # Counting costs more than this test, and SDKs never repeat a parameter.
    counts = Counter(names) if len(set(names)) < len(names) else Counter()
    for name, count in counts.items():
        if count > 1:
            return InvalidQueryParameter(
                f"The parameter '{printable(name)}' appears {count} times. "
                "Send each parameter once."
            )

    values = dict(pairs)
    action = values.get("Action", "")
    if not action:
        return MissingAction(
            "The request has no Action parameter. Set Action to an SES operation name, "
            "such as CreateConfigurationSetTrackingOptions."
        )
    if action not in operation_names("ses"):
        return InvalidAction(
            f"The action '{printable(action)}' is not valid for this web service. "
            "Check the spelling of the SES operation name."
        )
    version = values.get("Version")
    if version is not None and version != API_VERSION:
        return InvalidParameterValue(
            f"Version '{printable(version)}' is not supported. This endpoint serves the "
            f"SES API version {API_VERSION}."
        )
    for member in _required_members(action):
        # A structure or list member is sent as "Member.Child" or "Member.member.1".
        prefix = f"{member}."
        if member not in values and not any(name.startswith(prefix) for name in values):
            return missing_parameter(_lower_camel(member))
    return None
