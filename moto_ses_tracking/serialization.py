"""Serialize an error with moto's model-driven serializer, outside a moto handler.

moto serializes errors inside ``BaseResponse.call_action``. The request checks
of this package run before moto has parsed the request, so they call the same
serializer classes here, with the service model that names the wire format.
"""

from __future__ import annotations

import uuid

from moto.core.model import OperationModel
from moto.core.serialize import SerializationContext, get_serializer_class
from moto.core.utils import get_service_model

ErrorResponse = tuple[int, dict[str, str], str]


def serialize_error(service_name: str, protocol: str, error: Exception) -> ErrorResponse:
    """Return (status, headers, body) of ``error`` in the protocol's own error format.

    ``service_name`` is botocore's name of the service model (``ses`` or
    ``sesv2``), and ``protocol`` is one of moto's serializer protocols
    (``query`` or ``rest-json``). The status comes from the model's error
    shape, or 400 when the model has no shape for the error's code.
    """
    service_model = get_service_model(service_name)
    request_id = uuid.uuid4().hex
    serializer_class = get_serializer_class(service_name, protocol)
    serializer = serializer_class(
        operation_model=OperationModel({}, service_model),
        context=SerializationContext(request_id=request_id),
    )
    serialized = serializer.serialize(error)
    headers = {str(name): str(value) for name, value in serialized["headers"].items()}
    headers["x-amzn-requestid"] = request_id
    return int(serialized["status_code"]), headers, str(serialized["body"])
