"""The SES calls that the benchmarks time, through boto3 or through raw HTTP.

Both :class:`Boto3Operations` (for ``mock_aws``) and :class:`HttpOperations`
(for a moto server on loopback) offer the same methods, so one set of
benchmark sides, built by :func:`tracking_sides`, runs on either. Every method
raises when the call fails, so a benchmark never times error responses.
"""

from __future__ import annotations

import http.client
import itertools
import json
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from harness import Side

#: The region of every configuration set that the benchmarks create.
REGION = "us-east-1"

#: The domain identity that verifies the tracking domains below (as their parent domain).
VERIFIED_DOMAIN = "example.com"

#: Tracking domains under VERIFIED_DOMAIN. Updates and Puts alternate between them.
TRACKING_DOMAINS = ("click.example.com", "links.example.com")

#: Configuration sets that exist for the whole benchmark, each with tracking options.
UPDATE_SET = "updated-set"
PUT_SET = "put-set"
DESCRIBE_SET = "described-set"

#: Side labels of the operation benchmarks.
CREATE_SET = "CreateConfigurationSet"
CREATE_SET_INACTIVE = "CreateConfigurationSet, extension inactive"
CREATE_TRACKING = "CreateConfigurationSetTrackingOptions"
UPDATE_TRACKING = "UpdateConfigurationSetTrackingOptions"
DELETE_TRACKING = "DeleteConfigurationSetTrackingOptions"
PUT_TRACKING = "PutConfigurationSetTrackingOptions (v2)"

_SES_VERSION = "2010-12-01"


class SesOperations(Protocol):
    """The SES calls that the benchmark sides make."""

    def verify_domain_identity(self, domain: str) -> None:
        """Create a verified domain identity (VerifyDomainIdentity)."""

    def create_configuration_set(self, name: str) -> None:
        """Create a configuration set (API v1 CreateConfigurationSet)."""

    def create_tracking_options(self, name: str, domain: str) -> None:
        """Call CreateConfigurationSetTrackingOptions."""

    def update_tracking_options(self, name: str, domain: str) -> None:
        """Call UpdateConfigurationSetTrackingOptions."""

    def delete_tracking_options(self, name: str) -> None:
        """Call DeleteConfigurationSetTrackingOptions."""

    def put_tracking_options(self, name: str, domain: str) -> None:
        """Call the API v2 PutConfigurationSetTrackingOptions."""

    def describe_tracking_domain(self, name: str, attribute_names: Sequence[str]) -> str | None:
        """Call DescribeConfigurationSet and return its CustomRedirectDomain, if any.

        With no attribute names the request leaves ConfigurationSetAttributeNames out.
        """


class Boto3Operations:
    """SES calls through boto3 clients. Create it inside ``mock_aws``."""

    def __init__(self, region: str = REGION) -> None:
        import boto3

        self.ses: Any = boto3.client("ses", region_name=region)
        self.sesv2: Any = boto3.client("sesv2", region_name=region)

    def verify_domain_identity(self, domain: str) -> None:
        self.ses.verify_domain_identity(Domain=domain)

    def create_configuration_set(self, name: str) -> None:
        self.ses.create_configuration_set(ConfigurationSet={"Name": name})

    def create_tracking_options(self, name: str, domain: str) -> None:
        self.ses.create_configuration_set_tracking_options(
            ConfigurationSetName=name, TrackingOptions={"CustomRedirectDomain": domain}
        )

    def update_tracking_options(self, name: str, domain: str) -> None:
        self.ses.update_configuration_set_tracking_options(
            ConfigurationSetName=name, TrackingOptions={"CustomRedirectDomain": domain}
        )

    def delete_tracking_options(self, name: str) -> None:
        self.ses.delete_configuration_set_tracking_options(ConfigurationSetName=name)

    def put_tracking_options(self, name: str, domain: str) -> None:
        self.sesv2.put_configuration_set_tracking_options(
            ConfigurationSetName=name, CustomRedirectDomain=domain
        )

    def describe_tracking_domain(self, name: str, attribute_names: Sequence[str]) -> str | None:
        if attribute_names:
            response = self.ses.describe_configuration_set(
                ConfigurationSetName=name, ConfigurationSetAttributeNames=list(attribute_names)
            )
        else:
            response = self.ses.describe_configuration_set(ConfigurationSetName=name)
        domain = response.get("TrackingOptions", {}).get("CustomRedirectDomain")
        return str(domain) if domain is not None else None

    def create_configuration_set_v2(self, name: str) -> None:
        """Create a configuration set through API v2, without tracking options."""
        self.sesv2.create_configuration_set(ConfigurationSetName=name)

    def get_configuration_set_v2(self, name: str) -> None:
        """Call the API v2 GetConfigurationSet."""
        self.sesv2.get_configuration_set(ConfigurationSetName=name)


class HttpOperations:
    """SES calls as raw HTTP requests to a moto server on 127.0.0.1.

    The requests carry what moto needs to route them: a SigV4-shaped
    Authorization header whose credential scope names the ``ses`` service and
    the region. moto does not check signatures unless IAM authentication is
    enabled, so the signature is a placeholder. Bodies are encoded as botocore
    encodes them: form-encoded for API v1, JSON for API v2.
    """

    def __init__(self, port: int, region: str = REGION, timeout: float = 10.0) -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        authorization = (
            f"AWS4-HMAC-SHA256 Credential=testing/20260101/{region}/ses/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=0"
        )
        self._query_headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": authorization,
            "X-Amz-Date": "20260101T000000Z",
        }
        self._json_headers = {**self._query_headers, "Content-Type": "application/json"}

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def _send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        """Send one request and return the response body.

        :raises RuntimeError: when the response status is not 200.
        """
        self._connection.request(method, path, body=body, headers=headers)
        response = self._connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(
                f"{method} {path} failed with HTTP {response.status}: {payload[:500]!r}"
            )
        return payload

    def _query(self, action: str, parameters: dict[str, str]) -> bytes:
        body = urlencode({"Action": action, "Version": _SES_VERSION, **parameters})
        return self._send("POST", "/", body.encode("ascii"), self._query_headers)

    def verify_domain_identity(self, domain: str) -> None:
        self._query("VerifyDomainIdentity", {"Domain": domain})

    def create_configuration_set(self, name: str) -> None:
        self._query("CreateConfigurationSet", {"ConfigurationSet.Name": name})

    def create_tracking_options(self, name: str, domain: str) -> None:
        self._query(
            "CreateConfigurationSetTrackingOptions",
            {"ConfigurationSetName": name, "TrackingOptions.CustomRedirectDomain": domain},
        )

    def update_tracking_options(self, name: str, domain: str) -> None:
        self._query(
            "UpdateConfigurationSetTrackingOptions",
            {"ConfigurationSetName": name, "TrackingOptions.CustomRedirectDomain": domain},
        )

    def delete_tracking_options(self, name: str) -> None:
        self._query("DeleteConfigurationSetTrackingOptions", {"ConfigurationSetName": name})

    def put_tracking_options(self, name: str, domain: str) -> None:
        path = f"/v2/email/configuration-sets/{quote(name, safe='')}/tracking-options"
        body = json.dumps({"CustomRedirectDomain": domain}).encode("ascii")
        self._send("PUT", path, body, self._json_headers)

    def describe_tracking_domain(self, name: str, attribute_names: Sequence[str]) -> str | None:
        parameters = {"ConfigurationSetName": name}
        for index, attribute_name in enumerate(attribute_names, start=1):
            parameters[f"ConfigurationSetAttributeNames.member.{index}"] = attribute_name
        document = ElementTree.fromstring(self._query("DescribeConfigurationSet", parameters))
        for element in document.iter():
            if element.tag.endswith("}CustomRedirectDomain"):
                return element.text
        return None


def prepare_fixed_sets(operations: SesOperations) -> None:
    """Create the verified identity and the long-lived sets, and check the extension is on.

    :raises RuntimeError: when DescribeConfigurationSet does not return the
        stored tracking domain, which means the extension is not active.
    """
    operations.verify_domain_identity(VERIFIED_DOMAIN)
    for name in (UPDATE_SET, PUT_SET, DESCRIBE_SET):
        operations.create_configuration_set(name)
        operations.create_tracking_options(name, TRACKING_DOMAINS[0])
    described = operations.describe_tracking_domain(DESCRIBE_SET, ["trackingOptions"])
    if described != TRACKING_DOMAINS[0]:
        raise RuntimeError(
            f"DescribeConfigurationSet returned tracking domain {described!r}, expected "
            f"{TRACKING_DOMAINS[0]!r}: is moto_ses_tracking activated?"
        )


class ConfigurationSetPool:
    """Configuration sets ready for operations that use up one set per call.

    CreateConfigurationSetTrackingOptions needs a set without tracking options
    and leaves it with some. DeleteConfigurationSetTrackingOptions needs a set
    with tracking options and leaves it without. Each side takes its sets
    before a chunk and gives them back afterwards, so the two operations feed
    each other. The pool creates more sets, untimed, only when it runs short.
    """

    def __init__(self, operations: SesOperations, prefix: str) -> None:
        self._operations = operations
        self._prefix = prefix
        self._counter = itertools.count()
        self._untracked: deque[str] = deque()
        self._tracked: deque[str] = deque()

    def new_name(self) -> str:
        """Return a configuration set name not used before in this pool."""
        return f"{self._prefix}-{next(self._counter)}"

    def take_untracked(self, count: int) -> list[str]:
        """Remove and return ``count`` existing sets without tracking options."""
        while len(self._untracked) < count:
            name = self.new_name()
            self._operations.create_configuration_set(name)
            self._untracked.append(name)
        return [self._untracked.popleft() for _ in range(count)]

    def take_tracked(self, count: int) -> list[str]:
        """Remove and return ``count`` existing sets with tracking options."""
        while len(self._tracked) < count:
            name = self.new_name()
            self._operations.create_configuration_set(name)
            self._operations.create_tracking_options(name, TRACKING_DOMAINS[0])
            self._tracked.append(name)
        return [self._tracked.popleft() for _ in range(count)]

    def give_untracked(self, names: Sequence[str]) -> None:
        """Return sets that now have no tracking options."""
        self._untracked.extend(names)

    def give_tracked(self, names: Sequence[str]) -> None:
        """Return sets that now have tracking options."""
        self._tracked.extend(names)


def unpacked(method: Callable[..., object]) -> Callable[[tuple[Any, ...]], object]:
    """Return a one-argument call that passes a tuple's items to ``method``.

    Every side calls through such a wrapper, so each pays the same extra frame.
    """

    def call(arguments: tuple[Any, ...]) -> object:
        return method(*arguments)

    return call


def alternating_domains(name: str) -> Callable[[int], list[tuple[str, str]]]:
    """Return a ``prepare`` that pairs ``name`` with the tracking domains in turn."""

    def prepare(count: int) -> list[tuple[str, str]]:
        return [(name, TRACKING_DOMAINS[index % 2]) for index in range(count)]

    return prepare


def with_activation(side: Side, set_active: Callable[[bool], None], active: bool) -> Side:
    """Return ``side`` with a ``prepare`` that first switches the extension on or off.

    The switch is untimed, like the rest of ``prepare``.
    """
    prepare = side.prepare

    def prepare_in_state(count: int) -> Sequence[Any]:
        set_active(active)
        return prepare(count)

    return Side(side.label, prepare_in_state, side.call, side.finish)


def tracking_sides(
    operations: SesOperations, pool: ConfigurationSetPool, set_active: Callable[[bool], None]
) -> list[Side]:
    """Build the sides of ratios 1 and 5: CreateConfigurationSet and the added operations.

    CreateConfigurationSet runs twice: with the extension inactive, which is
    moto's own operation, and active, because the extension checks every SES
    request before moto dispatches it. ``set_active(True)`` must activate the
    extension where the calls are handled, and ``set_active(False)`` deactivate
    it. Requires :func:`prepare_fixed_sets` to have run. Every call succeeds:
    the tracking domains are subdomains of the verified ``example.com``.
    """

    def new_names(count: int) -> list[tuple[str]]:
        return [(pool.new_name(),) for _ in range(count)]

    def untracked(count: int) -> list[tuple[str, str]]:
        return [(name, TRACKING_DOMAINS[0]) for name in pool.take_untracked(count)]

    def tracked(count: int) -> list[tuple[str]]:
        return [(name,) for name in pool.take_tracked(count)]

    def give_tracked(arguments: Sequence[tuple[str, str]]) -> None:
        pool.give_tracked([name for name, _ in arguments])

    def give_untracked(arguments: Sequence[tuple[str]]) -> None:
        pool.give_untracked([name for (name,) in arguments])

    create_set = unpacked(operations.create_configuration_set)
    active_sides = [
        Side(CREATE_SET, new_names, create_set),
        Side(
            CREATE_TRACKING,
            untracked,
            unpacked(operations.create_tracking_options),
            give_tracked,
        ),
        Side(
            UPDATE_TRACKING,
            alternating_domains(UPDATE_SET),
            unpacked(operations.update_tracking_options),
        ),
        Side(
            DELETE_TRACKING,
            tracked,
            unpacked(operations.delete_tracking_options),
            give_untracked,
        ),
        Side(PUT_TRACKING, alternating_domains(PUT_SET), unpacked(operations.put_tracking_options)),
    ]
    inactive = with_activation(Side(CREATE_SET_INACTIVE, new_names, create_set), set_active, False)
    return [inactive, *(with_activation(side, set_active, True) for side in active_sides)]
