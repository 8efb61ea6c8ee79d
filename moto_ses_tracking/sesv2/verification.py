"""API v2 readers of identity verification, installed on moto's ``SESV2Backend``.

The managed verification state itself is described in
``moto_ses_tracking.ses.verification``.
"""

from __future__ import annotations

from typing import Any

from moto.sesv2.models import SESV2Backend

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
