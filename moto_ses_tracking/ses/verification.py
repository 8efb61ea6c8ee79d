"""Identity verification as a managed state: Pending, then Success.

moto marks every SES identity verified the moment it is created. Real SES keeps
a new identity Pending until its DNS records or confirmation e-mail are
checked. Here each identity gets a :class:`IdentityVerification`, a moto
``ManagedState`` under the model name ``ses::identity``, so tests choose the
progression with moto's state manager::

    from moto.moto_api import state_manager

    state_manager.set_transition("ses::identity", {"progression": "manual", "times": 2})

The default transition is immediate, so identities read as verified at once,
as moto reports their VerificationStatus without the extension. With ``manual``, an identity stays
Pending until it has been described ``times`` times. Describing means an API v1
GetIdentityVerificationAttributes that names the identity or an API v2
GetEmailIdentity of it, and each such call advances the identity once before
its status is read. Listings and the tracking-domain check read the status
without advancing it.
"""

from __future__ import annotations

from typing import Any

from moto.moto_api import state_manager
from moto.moto_api._internal.managed_state_model import ManagedState
from moto.ses.exceptions import ValidationError
from moto.ses.models import SESBackend

from ..activation import original

#: The state manager's name for SES identity verification.
MODEL_NAME = "ses::identity"

#: The transition used until a test sets another one: verified at once.
DEFAULT_TRANSITION = {"progression": "immediate"}

PENDING = "PENDING"
SUCCESS = "SUCCESS"

# API v1 writes statuses in title case, API v2 in upper case.
_V1_STATUS = {PENDING: "Pending", SUCCESS: "Success"}

# The instance attribute that stores an identity's IdentityVerification.
_STATE_ATTRIBUTE = "_verification_state"


class IdentityVerification(ManagedState):
    """The verification status of one SES identity, in API v2 spelling."""

    def __init__(self) -> None:
        super().__init__(model_name=MODEL_NAME, transitions=[(PENDING, SUCCESS)])

    def current_status(self) -> str:
        """Return the status after applying the transition in force.

        :raises ValidationError: the ``ses::identity`` transition lacks a member
            that its progression needs, or has one of the wrong type. moto's
            state manager accepts any transition, and reading such a one
            would otherwise fail with a 500.
        """
        # Success is final, so the state manager need not be asked again.
        # This read is on the path of every tracking-domain check.
        if self._status == SUCCESS:
            return SUCCESS
        try:
            return str(self.status)
        except (KeyError, TypeError, ValueError) as error:
            transition = state_manager.get_transition(MODEL_NAME)
            raise ValidationError(
                f"The state manager transition for {MODEL_NAME} is invalid: {transition!r} "
                f"({type(error).__name__}: {error}). Use {{'progression': 'immediate'}}, "
                "{'progression': 'manual', 'times': N} or {'progression': 'time', 'seconds': N}."
            ) from None


def verification_state(identity: Any) -> IdentityVerification | None:
    """Return the identity's managed state, or None for one created before activation."""
    state = vars(identity).get(_STATE_ATTRIBUTE)
    return state if isinstance(state, IdentityVerification) else None


def v2_status(identity: Any) -> str:
    """Return the identity's verification status as API v2 writes it."""
    state = verification_state(identity)
    if state is None:
        # An identity created before activation keeps moto's own value.
        return str(vars(identity).get("verification_status", SUCCESS))
    return state.current_status()


def v1_status(identity: Any) -> str:
    """Return the identity's verification status as API v1 writes it."""
    status = v2_status(identity)
    return _V1_STATUS.get(status, status.title())


class EmailIdentityVerification:
    """Properties installed on moto's ``EmailIdentity`` by ``activate()``.

    Both are data descriptors, so they take precedence over the instance
    attributes that moto's ``EmailIdentity.__init__`` assigns. Their setters
    still store moto's value in the instance, which is what moto reads again
    after ``deactivate()``.
    """

    @property
    def verification_status(self) -> str:
        """The verification status, ``PENDING`` or ``SUCCESS``."""
        return v2_status(self)

    @verification_status.setter
    def verification_status(self, value: str) -> None:
        # moto's __init__ assigns "SUCCESS" to every new identity. The managed
        # state starts at Pending instead, and the state manager moves it on.
        vars(self)["verification_status"] = value
        if verification_state(self) is None:
            state = IdentityVerification()
            # Reading the status applies the transition in force now, so an
            # identity created under the immediate default stays verified
            # after a test switches to a manual transition.
            state.current_status()
            vars(self)[_STATE_ATTRIBUTE] = state

    @property
    def verified_for_sending_status(self) -> bool:
        """Whether the identity may send: true once verification succeeded."""
        return v2_status(self) == SUCCESS

    @verified_for_sending_status.setter
    def verified_for_sending_status(self, value: bool) -> None:
        vars(self)["verified_for_sending_status"] = value


def advance(identity: Any) -> None:
    """Count one describe call of the identity towards its next status."""
    state = verification_state(identity)
    if state is not None:
        state.advance()


class SESVerificationBackend(SESBackend):
    """Verification readers, installed on moto's SESBackend by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def create_email_identity_v2(self, email_identity: str, *args: Any, **kwargs: Any) -> Any:
        """Create an identity with moto's method, keeping the verification of one it replaces.

        moto replaces an identity that API v2 CreateEmailIdentity names again.
        SES would reject the call, and a verified identity must not turn
        Pending because of it.
        """
        previous = self.email_identities.get(email_identity)
        moto_method = original(SESBackend, "create_email_identity_v2")
        identity = moto_method(self, email_identity, *args, **kwargs)
        previous_state = verification_state(previous) if previous is not None else None
        if previous_state is not None:
            vars(identity)[_STATE_ATTRIBUTE] = previous_state
        return identity

    def get_identity_verification_attributes(
        self, identities: list[str] | None = None
    ) -> dict[str, dict[str, str]]:
        """Return the verification attributes of the named identities.

        Each named identity is advanced once, then reported with its managed
        status (GetIdentityVerificationAttributes).
        """
        moto_method = original(SESBackend, "get_identity_verification_attributes")
        attributes: dict[str, dict[str, str]] = moto_method(self, identities)
        for name, identity_attributes in attributes.items():
            identity = self.email_identities.get(name)
            if identity is None:
                continue
            advance(identity)
            identity_attributes["VerificationStatus"] = v1_status(identity)
        return attributes

    def list_verified_email_addresses(self) -> list[str]:
        """Return the email-address identities whose verification succeeded."""
        return [
            identity.email_identity
            for identity in self.email_identities.values()
            if identity.identity_type == "EMAIL_ADDRESS" and v2_status(identity) == SUCCESS
        ]
