"""Errors of the SES API v2 tracking-options operations.

The codes are error shapes of botocore's SESv2 model (``sesv2/2019-09-27``),
which gives NotFoundException HTTP 404 and BadRequestException HTTP 400. moto
picks the model from the module path, and the second part of
``moto_ses_tracking.sesv2.exceptions`` is ``sesv2``.
"""

from __future__ import annotations

from moto.core.exceptions import ServiceException

from ..ses.utils import printable


class NotFoundException(ServiceException):
    """The resource named in the request does not exist (HTTP 404)."""

    code = "NotFoundException"


class BadRequestException(ServiceException):
    """The request is malformed or its values break a rule (HTTP 400)."""

    code = "BadRequestException"


def configuration_set_not_found(configuration_set_name: str | None) -> NotFoundException:
    """Return the NotFoundException for a configuration set missing from this account and region.

    ``None`` stands for a request that named no set.
    """
    if configuration_set_name is None:
        return NotFoundException("The request names no configuration set.")
    return NotFoundException(
        f"Configuration set <{printable(configuration_set_name)}> does not exist."
    )
