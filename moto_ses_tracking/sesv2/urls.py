"""URL routes that the extension adds to ``moto.sesv2.urls.url_paths``.

moto's catch-all ``/v2/.*`` route already reaches SESV2Response, which picks
the operation from the botocore model. The explicit route documents the
operation's path and is what an upstream change would add to moto's table.
"""

from __future__ import annotations

from moto.sesv2.responses import SESV2Response

url_paths = {
    "{0}/v2/email/configuration-sets/(?P<ConfigurationSetName>[^/]+)/tracking-options$": (
        SESV2Response.dispatch
    ),
}
