"""Domain-name rules for a custom tracking (redirect) domain.

:func:`domain_name_problem` is the one place that decides whether a string is a
valid tracking domain. SES does not publish its exact rules, so these follow
the host-name syntax of RFC 1123 section 2.1 with the limits of RFC 1035
section 2.3.4, as a DNS CNAME target must meet them:

- ASCII only, 1 to 253 characters, labels separated by single dots;
- each label 1 to 63 letters, digits and hyphens, neither starting nor ending
  with a hyphen, so Punycode labels (``xn--...``) are valid;
- at least two labels, and the last label not all digits, which rules out a
  bare top-level domain and an IPv4 address.

So Unicode labels, underscores, spaces, wildcards, schemes, ports, paths, query
strings and a trailing dot are all invalid.
"""

from __future__ import annotations

import re

MAX_DOMAIN_LENGTH = 253
MAX_LABEL_LENGTH = 63

_LABEL_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")

# Values longer than this are shortened in error messages, so that a 1 MB
# request does not produce a 1 MB error body.
_MAX_SHOWN_LENGTH = 100


def domain_name_problem(name: str) -> str | None:
    """Return the domain-name rule that ``name`` breaks, or None when it is valid.

    The returned text completes the sentence "... is not a valid domain name: ".
    Each check costs at most one pass over the name.
    """
    if not name:
        return "it is empty"
    if len(name) > MAX_DOMAIN_LENGTH:
        return f"it has {len(name)} characters, and a domain name has at most {MAX_DOMAIN_LENGTH}"
    if not name.isascii():
        return (
            "it contains non-ASCII characters. Write internationalized labels "
            "in their Punycode (xn--) form"
        )
    labels = name.split(".")
    if len(labels) < 2:
        return "it needs at least two labels, such as click.example.com"
    for label in labels:
        if not label:
            return "it has an empty label (a leading, trailing or repeated dot)"
        if len(label) > MAX_LABEL_LENGTH:
            return (
                f"the label '{printable(label)}' has {len(label)} characters, "
                f"and a label has at most {MAX_LABEL_LENGTH}"
            )
        if not _LABEL_PATTERN.fullmatch(label):
            return (
                f"the label '{printable(label)}' may contain only letters, digits "
                "and hyphens, and may not start or end with a hyphen"
            )
    if labels[-1].isdigit():
        return "the last label is all digits, as in an IP address"
    return None


def is_valid_domain_name(name: str) -> bool:
    """Return whether ``name`` is a valid tracking domain by :func:`domain_name_problem`."""
    return domain_name_problem(name) is None


def escape_unprintable(value: str) -> str:
    """Return ``value`` with control characters and lone surrogates as backslash escapes.

    XML 1.0 cannot carry those characters at all, and lone surrogates come
    from bytes that were not UTF-8.
    """
    if value.isprintable():
        return value
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in value
    )


def printable(value: object) -> str:
    """Return ``value`` as text that is safe to echo in an XML or JSON error message.

    Unprintable characters become backslash escapes (see
    :func:`escape_unprintable`). Values longer than 100 characters are cut,
    and the text states their length.
    """
    text = value if isinstance(value, str) else str(value)
    excerpt = escape_unprintable(text[:_MAX_SHOWN_LENGTH])
    if len(text) > _MAX_SHOWN_LENGTH:
        excerpt += f"... ({len(text)} characters)"
    return excerpt
