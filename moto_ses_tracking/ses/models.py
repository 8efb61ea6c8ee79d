"""Backend logic for SES tracking options, installed on moto's ``SESBackend``.

Tracking options live where moto keeps them: ``ConfigurationSet.tracking_options``
in ``moto.ses.models.ses_backends[account_id][region]``. moto's SESv2 backend
reads the same configuration sets, so both API versions see one state, moto's
reset clears it, and deleting a set deletes its options. A set has tracking
options when a ``CustomRedirectDomain`` is stored for it.

The tracking domain of a create or update is checked before the configuration
set is looked up, because public emulator test suites recorded that real SES
checks in that order. A call that is wrong in both ways gets
InvalidTrackingOptions.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from moto.ses.models import ConfigurationSet, SESBackend

from ..config import tracking_domain_match
from .exceptions import (
    ConfigurationSetDoesNotExist,
    InvalidTrackingOptions,
    TrackingOptionsAlreadyExistsException,
    TrackingOptionsDoesNotExistException,
)
from .utils import domain_name_problem, printable

CUSTOM_REDIRECT_DOMAIN = "CustomRedirectDomain"

# Serializes each check-then-write on tracking options, so that of two racing
# creates for one set exactly one succeeds, even in moto's threaded server.
tracking_options_lock = threading.Lock()


class FoldedIdentityIndex(dict[str, Any]):
    """moto's ``email_identities`` dict that also finds names without regard to case.

    moto stores identities under the name as created: API v1 lowercases domain
    names, API v2 keeps them as sent. SES compares domain names without case,
    so :meth:`names_for` maps a lowercased name to every stored spelling in one
    dictionary look-up. Every write to the dict keeps that index current.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._names_by_folded: dict[str, set[str]] = {}
        for name in self:
            self._index(name)

    def _index(self, name: str) -> None:
        self._names_by_folded.setdefault(name.lower(), set()).add(name)

    def _unindex(self, name: str) -> None:
        names = self._names_by_folded.get(name.lower())
        if names is not None:
            names.discard(name)
            if not names:
                del self._names_by_folded[name.lower()]

    def names_for(self, folded_name: str) -> Iterable[str]:
        """Return the stored names that equal ``folded_name`` when lowercased."""
        return self._names_by_folded.get(folded_name, ())

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, value)
        self._index(name)

    def __delitem__(self, name: str) -> None:
        super().__delitem__(name)
        self._unindex(name)

    def pop(self, name: str, *default: Any) -> Any:
        had_name = name in self
        value = super().pop(name, *default)
        if had_name:
            self._unindex(name)
        return value

    def popitem(self) -> tuple[str, Any]:
        name, value = super().popitem()
        self._unindex(name)
        return name, value

    def setdefault(self, name: str, default: Any = None) -> Any:
        value = super().setdefault(name, default)
        self._index(name)
        return value

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, value in dict(*args, **kwargs).items():
            self[name] = value

    def __ior__(self, other: Any) -> FoldedIdentityIndex:  # type: ignore[override,misc]
        self.update(other)
        return self

    def clear(self) -> None:
        super().clear()
        self._names_by_folded.clear()


# Serializes the one-time wrapping of a backend's identities in FoldedIdentityIndex.
_identity_index_lock = threading.Lock()


def _is_verified_domain_identity(identity: Any) -> bool:
    """Return whether a moto EmailIdentity is a domain identity in status Success."""
    if getattr(identity, "identity_type", None) != "DOMAIN":
        return False
    return str(getattr(identity, "verification_status", "")).upper() == "SUCCESS"


def _candidate_names(folded_domain: str, match: str) -> Iterable[str]:
    """Yield the identity names that can verify ``folded_domain``, longest first.

    With ``"parent"`` these are the domain and each parent that is still a
    domain name of two or more labels: ``a.b.example.com``, ``b.example.com``,
    ``example.com``. A bare top-level domain never counts.
    """
    yield folded_domain
    if match != "parent":
        return
    start = folded_domain.find(".") + 1
    while folded_domain.find(".", start) != -1:
        yield folded_domain[start:]
        start = folded_domain.find(".", start) + 1


class SESTrackingBackend(SESBackend):
    """Tracking-options methods, installed on moto's SESBackend by ``activate()``.

    This class is never instantiated. The methods must not call ``super()``,
    because they run as methods of SESBackend itself.
    """

    @property
    def email_identities(self) -> FoldedIdentityIndex:
        """moto's identities by name, wrapped in a FoldedIdentityIndex.

        moto's ``__init__`` assigns a plain dict, which the setter wraps. A
        backend created before activation holds a plain dict, which the first
        access wraps under a lock, so that no thread writes to the dict that is
        being replaced. After ``deactivate()`` the wrapped dict stays in the
        instance and behaves as a plain one.
        """
        identities = vars(self).get("email_identities")
        if isinstance(identities, FoldedIdentityIndex):
            return identities
        if identities is None:
            raise AttributeError("email_identities")
        with _identity_index_lock:
            identities = vars(self)["email_identities"]
            if not isinstance(identities, FoldedIdentityIndex):
                identities = FoldedIdentityIndex(identities)
                vars(self)["email_identities"] = identities
            return identities

    @email_identities.setter
    def email_identities(self, identities: dict[str, Any]) -> None:
        if not isinstance(identities, FoldedIdentityIndex):
            identities = FoldedIdentityIndex(identities)
        vars(self)["email_identities"] = identities

    def is_verified_tracking_domain(self, domain: str) -> bool:
        """Return whether a verified domain identity of this backend covers ``domain``.

        The identity must be a domain identity in status Success whose name,
        compared without case, is ``domain`` or, unless the
        ``tracking_domain_match`` setting is ``"exact"``, a parent domain of it
        on a whole-label boundary: ``example.com`` covers ``click.example.com``
        but not ``badexample.com``. Email-address identities never count.

        The cost is one dictionary look-up per label of ``domain``, however many
        identities exist.
        """
        index = self.email_identities
        for name in _candidate_names(domain.lower(), tracking_domain_match()):
            for stored_name in index.names_for(name):
                if _is_verified_domain_identity(index.get(stored_name)):
                    return True
        return False

    def tracking_domain_problem(self, domain: str) -> str | None:
        """Return why ``domain`` cannot be a tracking domain here, or None if it can.

        The checks run in SES's order: empty, not a valid domain name, not
        verified by a domain identity of this account and region. Both API
        versions turn the text into their own error.
        """
        if not domain:
            return "CustomRedirectDomain must not be empty."
        problem = domain_name_problem(domain)
        if problem is not None:
            return (
                f"CustomRedirectDomain '{printable(domain)}' is not a valid domain name: {problem}."
            )
        if not self.is_verified_tracking_domain(domain):
            return f"Domain <{printable(domain)}> is not verified under this account."
        return None

    def get_configuration_set(self, configuration_set_name: str) -> ConfigurationSet:
        """Return the named configuration set.

        :raises ConfigurationSetDoesNotExist: with the ConfigurationSetName member.
        """
        config_set = self.config_sets.get(configuration_set_name)
        if config_set is None:
            raise ConfigurationSetDoesNotExist(configuration_set_name)
        return config_set

    def get_tracking_options(self, configuration_set_name: str) -> Mapping[str, str]:
        """Return the set's stored tracking options, empty when it has none.

        :raises ConfigurationSetDoesNotExist: when the set does not exist.
        """
        return self.get_configuration_set(configuration_set_name).tracking_options or {}

    def create_configuration_set_tracking_options(
        self, configuration_set_name: str, custom_redirect_domain: str
    ) -> None:
        """Store a tracking domain for a set that has none (CreateConfigurationSetTrackingOptions).

        :raises InvalidTrackingOptions: the domain is empty, invalid or unverified.
        :raises ConfigurationSetDoesNotExist: the set does not exist.
        :raises TrackingOptionsAlreadyExistsException: the set has tracking options.
        """
        problem = self.tracking_domain_problem(custom_redirect_domain)
        if problem is not None:
            raise InvalidTrackingOptions(problem)
        with tracking_options_lock:
            config_set = self.get_configuration_set(configuration_set_name)
            if (config_set.tracking_options or {}).get(CUSTOM_REDIRECT_DOMAIN):
                raise TrackingOptionsAlreadyExistsException(configuration_set_name)
            config_set.tracking_options = {CUSTOM_REDIRECT_DOMAIN: custom_redirect_domain}

    def update_configuration_set_tracking_options(
        self, configuration_set_name: str, custom_redirect_domain: str
    ) -> None:
        """Replace the tracking domain of a set (UpdateConfigurationSetTrackingOptions).

        An HttpsPolicy stored through API v2 is kept.

        :raises InvalidTrackingOptions: the domain is empty, invalid or unverified.
        :raises ConfigurationSetDoesNotExist: the set does not exist.
        :raises TrackingOptionsDoesNotExistException: the set has no tracking options.
        """
        problem = self.tracking_domain_problem(custom_redirect_domain)
        if problem is not None:
            raise InvalidTrackingOptions(problem)
        with tracking_options_lock:
            config_set = self.get_configuration_set(configuration_set_name)
            current = config_set.tracking_options or {}
            if not current.get(CUSTOM_REDIRECT_DOMAIN):
                raise TrackingOptionsDoesNotExistException(configuration_set_name)
            config_set.tracking_options = {
                **current,
                CUSTOM_REDIRECT_DOMAIN: custom_redirect_domain,
            }

    def delete_configuration_set_tracking_options(self, configuration_set_name: str) -> None:
        """Remove the tracking domain and any HttpsPolicy of a set.

        :raises ConfigurationSetDoesNotExist: the set does not exist.
        :raises TrackingOptionsDoesNotExistException: the set has no tracking options.
        """
        with tracking_options_lock:
            config_set = self.get_configuration_set(configuration_set_name)
            if not (config_set.tracking_options or {}).get(CUSTOM_REDIRECT_DOMAIN):
                raise TrackingOptionsDoesNotExistException(configuration_set_name)
            config_set.tracking_options = {}

    def delete_identity(self, identity: str) -> None:
        """Delete an identity if it exists (DeleteIdentity).

        moto's own method raised a KeyError, a 500, for an email address whose
        domain is verified but which is no identity itself. SES succeeds for
        an identity that does not exist.
        """
        self.email_identities.pop(identity, None)

    def delete_configuration_set(self, configuration_set_name: str) -> None:
        """Delete a set and its tracking options (DeleteConfigurationSet).

        moto's own method raises a bare KeyError for a missing set, which is a
        500 in server mode. This one raises the SES error instead.

        :raises ConfigurationSetDoesNotExist: the set does not exist.
        """
        with tracking_options_lock:
            if configuration_set_name not in self.config_sets:
                raise ConfigurationSetDoesNotExist(configuration_set_name)
            del self.config_sets[configuration_set_name]
