"""Backend logic for SES API v2 tracking options, installed on moto's ``SESV2Backend``.

moto's SESv2 backend keeps no configuration sets of its own: it reads and
writes those of the SES v1 backend of the same account and region
(``self.core_backend``). So tracking options written through either API
version are read by both, and the checks below reuse the v1 domain rules.
"""

from __future__ import annotations

from typing import Any

from moto.ses.models import ConfigurationSet
from moto.sesv2.models import SESV2Backend

from ..activation import original
from ..ses.models import CUSTOM_REDIRECT_DOMAIN, SESTrackingBackend, tracking_options_lock
from ..ses.utils import printable
from .exceptions import BadRequestException, configuration_set_not_found

HTTPS_POLICY = "HttpsPolicy"

#: The ``HttpsPolicy`` enum of the SESv2 model.
HTTPS_POLICIES = ("REQUIRE", "REQUIRE_OPEN_ONLY", "OPTIONAL")


class SESV2TrackingBackend(SESV2Backend):
    """Tracking-options methods, installed on moto's SESV2Backend by ``activate()``.

    This class is never instantiated, and its methods must not call ``super()``.
    """

    def validated_tracking_options(self, tracking_options: Any) -> dict[str, str]:
        """Check a v2 ``TrackingOptions`` value and return what to store.

        The checks run in SES's order: an HttpsPolicy without a domain or an
        empty domain, then an invalid or unverified domain, then an HttpsPolicy
        outside the enum. With neither member the result is empty, which means
        no tracking options.

        :raises BadRequestException: naming the value and the rule it breaks.
        """
        if tracking_options is None:
            return {}
        if not isinstance(tracking_options, dict):
            raise BadRequestException("TrackingOptions must be a JSON object.")
        domain = tracking_options.get(CUSTOM_REDIRECT_DOMAIN)
        policy = tracking_options.get(HTTPS_POLICY)
        for member, value in ((CUSTOM_REDIRECT_DOMAIN, domain), (HTTPS_POLICY, policy)):
            if value is not None and not isinstance(value, str):
                raise BadRequestException(f"{member} must be a string, not {type(value).__name__}.")
        if domain is None and policy is None:
            return {}
        if domain is None:
            raise BadRequestException(
                f"HttpsPolicy '{printable(str(policy))}' requires a CustomRedirectDomain."
            )

        core_backend: SESTrackingBackend = self.core_backend  # type: ignore[assignment]
        problem = core_backend.tracking_domain_problem(domain)
        if problem is not None:
            raise BadRequestException(problem)

        if policy is None:
            return {CUSTOM_REDIRECT_DOMAIN: domain}
        if policy not in HTTPS_POLICIES:
            raise BadRequestException(
                f"HttpsPolicy '{printable(policy)}' is invalid: expected one of "
                f"{', '.join(HTTPS_POLICIES)}."
            )
        return {CUSTOM_REDIRECT_DOMAIN: domain, HTTPS_POLICY: policy}

    def get_configuration_set(self, configuration_set_name: str) -> ConfigurationSet:
        """Return the named configuration set (GetConfigurationSet).

        :raises NotFoundException: the set does not exist, as the SESv2 model
            specifies, where moto raises the v1 error ConfigurationSetDoesNotExist.
        """
        config_set = self.core_backend.config_sets.get(configuration_set_name)
        if config_set is None:
            raise configuration_set_not_found(configuration_set_name)
        return config_set

    def delete_configuration_set(self, configuration_set_name: str) -> None:
        """Delete a set and its tracking options (DeleteConfigurationSet).

        :raises NotFoundException: the set does not exist.
        """
        with tracking_options_lock:
            if self.core_backend.config_sets.pop(configuration_set_name, None) is None:
                raise configuration_set_not_found(configuration_set_name)

    def create_configuration_set(
        self,
        configuration_set_name: str,
        tracking_options: Any,
        delivery_options: Any,
        reputation_options: Any,
        sending_options: Any,
        tags: Any,
        suppression_options: Any,
        vdm_options: Any,
    ) -> None:
        """Check TrackingOptions, then create the set with moto's own method.

        A rejected TrackingOptions raises before anything is stored, so a
        failed create leaves no configuration set behind.

        :raises BadRequestException: TrackingOptions breaks a rule of
            :meth:`validated_tracking_options`.
        """
        checked_options = self.validated_tracking_options(tracking_options)
        moto_create = original(SESV2Backend, "create_configuration_set")
        moto_create(
            self,
            configuration_set_name=configuration_set_name,
            tracking_options=checked_options,
            delivery_options=delivery_options,
            reputation_options=reputation_options,
            sending_options=sending_options,
            tags=tags,
            suppression_options=suppression_options,
            vdm_options=vdm_options,
        )

    def put_configuration_set_tracking_options(
        self, configuration_set_name: str, tracking_options: dict[str, Any]
    ) -> None:
        """Replace the set's tracking options (PutConfigurationSetTrackingOptions).

        The stored options become exactly the members sent, so an HttpsPolicy
        that is not sent again is dropped. With neither member, the set's
        tracking options are removed.

        :raises NotFoundException: the set does not exist.
        :raises BadRequestException: the options break a rule of
            :meth:`validated_tracking_options`.
        """
        with tracking_options_lock:
            config_set = self.get_configuration_set(configuration_set_name)
            # NOTE: SES does not document a Put with neither member. Removing the
            # options is a guess at its behaviour.
            config_set.tracking_options = self.validated_tracking_options(tracking_options)
