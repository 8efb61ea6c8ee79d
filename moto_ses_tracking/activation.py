"""Install the tracking-options operations into moto, and remove them again.

This module is the only place that changes moto's classes. Each change is a
:class:`Patch`: the owner (a class or a dict such as a ``url_paths`` table), the
attribute or key, the value moto had before (or :data:`MISSING`) and the value
installed. :func:`activate` applies the patches in a fixed order and records
them, and :func:`deactivate` restores them in reverse order. Both are idempotent
and safe to call from several threads.

The replacements come from extension classes, such as
``moto_ses_tracking.ses.models.SESTrackingBackend``, which subclass the moto class
they extend. Every function or property that an extension class defines is
installed on the moto class under the same name, so an upstream change would
paste those methods into moto's class unchanged. For that reason the methods
never call ``super()``: they call moto's original through :func:`original`.

One change is not made here and is not undone: the first tracking-domain check
in an SES backend wraps that backend's ``email_identities`` dict in a dict
subclass that also indexes names without case (see
``moto_ses_tracking.ses.models.FoldedIdentityIndex``). It behaves like the
plain dict in every other way, and moto's reset replaces it with a plain dict.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class _Missing:
    """The type of :data:`MISSING`."""

    def __repr__(self) -> str:
        return "MISSING"


#: Marks a patch whose target attribute or key did not exist before activation.
MISSING: Any = _Missing()


@dataclass(frozen=True)
class Patch:
    """One change to moto: ``owner.name`` (or ``owner[name]``) set to ``replacement``.

    ``original`` is the value found in the owner itself before the change, not an
    inherited one, or :data:`MISSING` when there was none.
    """

    owner: Any
    name: str
    original: Any
    replacement: Any

    def apply(self) -> None:
        """Set the replacement on the owner."""
        if isinstance(self.owner, dict):
            self.owner[self.name] = self.replacement
        else:
            setattr(self.owner, self.name, self.replacement)

    def revert(self) -> None:
        """Put the owner back as it was before :meth:`apply`."""
        if isinstance(self.owner, dict):
            if self.original is MISSING:
                self.owner.pop(self.name, None)
            else:
                self.owner[self.name] = self.original
        elif self.original is MISSING:
            if self.name in vars(self.owner):
                delattr(self.owner, self.name)
        else:
            setattr(self.owner, self.name, self.original)


_lock = threading.RLock()
_applied: list[Patch] = []
# The same patches, keyed by the owner's id and the name, for original().
_by_target: dict[tuple[int, str], Patch] = {}


def _own_value(owner: Any, name: str) -> Any:
    """Return the value stored in the owner itself, ignoring base classes."""
    if isinstance(owner, dict):
        return owner.get(name, MISSING)
    return vars(owner).get(name, MISSING)


def _members(extension: type) -> Iterator[tuple[str, Any]]:
    """Yield the methods and properties that an extension class defines itself."""
    for name, value in vars(extension).items():
        if name.startswith("__"):
            continue
        if callable(value) or isinstance(value, (property, staticmethod, classmethod)):
            yield name, value


def _planned_changes() -> list[tuple[Any, str, Any]]:
    """List every (owner, name, replacement) that activation installs, in order.

    The moto modules are imported here, not at package import, so that importing
    ``moto_ses_tracking`` costs nothing until the extension is activated.
    """
    from moto.core import errors as moto_errors
    from moto.moto_api import state_manager
    from moto.ses.models import EmailIdentity, SESBackend
    from moto.ses.responses import EmailResponse
    from moto.sesv2 import urls as moto_sesv2_urls
    from moto.sesv2.models import SESV2Backend
    from moto.sesv2.responses import SESV2Response

    from .ses.models import SESTrackingBackend
    from .ses.query_checks import QUERY_COMMON_ERROR_CODES
    from .ses.responses import EmailTrackingResponse
    from .ses.verification import (
        DEFAULT_TRANSITION,
        MODEL_NAME,
        EmailIdentityVerification,
        SESVerificationBackend,
    )
    from .sesv2 import urls as sesv2_urls
    from .sesv2.models import SESV2TrackingBackend
    from .sesv2.responses import SESV2TrackingResponse
    from .sesv2.verification import SESV2VerificationBackend, SESV2VerificationResponse

    changes: list[tuple[Any, str, Any]] = []
    for moto_class, extension in (
        (SESBackend, SESTrackingBackend),
        (EmailResponse, EmailTrackingResponse),
        (SESV2Backend, SESV2TrackingBackend),
        (SESV2Response, SESV2TrackingResponse),
        (EmailIdentity, EmailIdentityVerification),
        (SESBackend, SESVerificationBackend),
        (SESV2Backend, SESV2VerificationBackend),
        (SESV2Response, SESV2VerificationResponse),
    ):
        for name, value in _members(extension):
            changes.append((moto_class, name, value))
    for path, handler in sesv2_urls.url_paths.items():
        changes.append((moto_sesv2_urls.url_paths, path, handler))
    # The state manager keeps default transitions in a private dict, and
    # register_default_transition() offers no way to undo a registration.
    changes.append((state_manager._default_transitions, MODEL_NAME, DEFAULT_TRANSITION))
    # moto warns about an error code that no service model defines unless the
    # code is in this list of AWS common errors. The request checks raise three
    # more of them.
    common_codes = [*moto_errors.COMMON_ERROR_CODES, *QUERY_COMMON_ERROR_CODES]
    changes.append((moto_errors, "COMMON_ERROR_CODES", common_codes))
    return changes


def activate() -> None:
    """Install the extension into moto's classes.

    Call it once before the mocked AWS calls run. The pytest plugin and the
    ``moto-ses-tracking-server`` command call it for you. A second call does
    nothing. Backends that already exist get the new behaviour too, because the
    methods are installed on the classes.

    :raises ValueError: ``MOTO_SES_TRACKING_DOMAIN_MATCH`` is set to a value
        other than ``parent`` or ``exact``. Nothing is installed then.
    """
    with _lock:
        if _applied:
            return
        # Fail here, at start-up, on a bad environment setting, rather than
        # with a ValueError in every tracking request that a server handles.
        from .config import tracking_domain_match

        tracking_domain_match()
        for owner, name, replacement in _planned_changes():
            patch = Patch(owner, name, _own_value(owner, name), replacement)
            patch.apply()
            _applied.append(patch)
            _by_target[(id(owner), name)] = patch


def deactivate() -> None:
    """Restore every patched moto attribute to the value it had before activation.

    Patches are reverted in reverse order. A call while inactive does nothing.
    State already stored, such as tracking options in a configuration set, stays
    in moto's backends until moto resets them.
    """
    with _lock:
        while _applied:
            _applied.pop().revert()
        _by_target.clear()


def is_active() -> bool:
    """Return whether :func:`activate` has installed the extension."""
    return bool(_applied)


def applied_patches() -> tuple[Patch, ...]:
    """Return the patches installed now, in the order they were applied."""
    with _lock:
        return tuple(_applied)


def original(owner: Any, name: str) -> Any:
    """Return moto's own value of ``owner.name`` from before activation.

    The installed methods call this instead of ``super()`` to reach the moto
    behaviour they extend.

    :raises LookupError: when no active patch covers ``owner.name``, or moto had
        no such attribute.
    """
    patch = _by_target.get((id(owner), name))
    if patch is not None and patch.original is not MISSING:
        return patch.original
    raise LookupError(f"moto has no original {name!r} on {owner!r} to delegate to")
