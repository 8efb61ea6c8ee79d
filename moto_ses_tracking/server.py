"""The ``moto-ses-tracking-server`` command: moto's server with the extension active.

It takes every option of ``moto_server`` (``-H``, ``-p``, ``-r``, ``-s``, ...)
and one of its own, ``--tracking-domain-match``. That option is passed on
through the ``MOTO_SES_TRACKING_DOMAIN_MATCH`` environment variable, so it also
reaches the process that moto's ``--reload`` option restarts.
"""

from __future__ import annotations

import argparse
import os
import sys

from .activation import activate
from .config import (
    TRACKING_DOMAIN_MATCH_ENV,
    TRACKING_DOMAIN_MATCH_MODES,
    tracking_domain_match,
    validate_tracking_domain_match,
)

PROGRAM = "moto-ses-tracking-server"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        add_help=False,
        description=(
            "Start moto's server with SES tracking options. Every option not "
            "listed here is passed to moto_server."
        ),
    )
    parser.add_argument(
        "--tracking-domain-match",
        choices=TRACKING_DOMAIN_MATCH_MODES,
        help=(
            "which domain identities verify a tracking domain: 'parent' (the "
            "default) accepts the domain or any parent domain, 'exact' only the "
            f"domain itself. Sets {TRACKING_DOMAIN_MATCH_ENV}."
        ),
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse the options, activate the extension and run moto's server until stopped."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser()
    options, moto_arguments = parser.parse_known_args(arguments)

    if "-h" in moto_arguments or "--help" in moto_arguments:
        parser.print_help()
        print("\nmoto_server options:")

    if options.tracking_domain_match is not None:
        os.environ[TRACKING_DOMAIN_MATCH_ENV] = options.tracking_domain_match
    configured = os.environ.get(TRACKING_DOMAIN_MATCH_ENV)
    if configured:
        try:
            validate_tracking_domain_match(
                configured, f"the {TRACKING_DOMAIN_MATCH_ENV} environment variable"
            )
        except ValueError as error:
            parser.error(str(error))

    activate()
    print(
        f"moto-ses-tracking active (tracking_domain_match={tracking_domain_match()})",
        file=sys.stderr,
        flush=True,
    )

    from moto.server import main as moto_server_main

    # moto's main() reads sys.argv when it gets an empty list, and its parser
    # rejects options it does not know, so both must hold only moto's options.
    sys.argv = [PROGRAM, *moto_arguments]
    moto_server_main(moto_arguments)
