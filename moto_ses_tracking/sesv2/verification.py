"""API v2 readers of identity verification, installed on moto's ``SESV2Backend``.

The managed verification state itself is described in
``moto_ses_tracking.ses.verification``.
"""

from __future__ import annotations

import json
from typing import Any, cast

from moto.sesv2.models import SESV2Backend
from moto.sesv2.responses import SESV2Response

from ..activation import original
from ..ses.verification import advance


class SESV2VerificationBackend(SESV2Backend):
    """Verification readers, installed on moto's SESV2Backend by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def get_email_identity(self, email_identity: str) -> Any:
        """Return the identity after counting this describe call (GetEmailIdentity).

        :raises NotFoundException: moto's own error for an unknown identity.
        """
        moto_method = original(SESV2Backend, "get_email_identity")
        identity = moto_method(self, email_identity)
        advance(identity)
        return identity


class SESV2VerificationResponse(SESV2Response):
    """Verification handlers, installed on moto's SESV2Response by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def create_email_identity(self) -> str:
        """Handle CreateEmailIdentity, reporting the new identity as not yet verified.

        SES checks an identity only after it is created, so its response always
        has ``VerifiedForSendingStatus`` false, as moto's own handler returns.
        Later reads follow the ``ses::identity`` transition.
        """
        moto_handler = original(SESV2Response, "create_email_identity")
        document = json.loads(cast(str, moto_handler(self)))
        document["VerifiedForSendingStatus"] = False
        return json.dumps(document)
