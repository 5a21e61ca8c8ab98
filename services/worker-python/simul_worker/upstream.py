"""
What every GET to upstream shares, whichever driver sends it: the client settings (no cap on
connections, so the client is never why a model waits) and the trace: an HTTP client span "GET"
inside its wait's span, whose context goes to upstream in traceparent so that upstream's server
span continues it.
"""

from urllib.parse import urlsplit

import httpx

from simul_worker.tracing import Kind, Span

UNCAPPED = httpx.Limits(max_connections=None, max_keepalive_connections=None)
# Calls carry their own deadline; only connecting is bounded here, as the .NET workers' client.
TIMEOUT = httpx.Timeout(None, connect=10.0)


class TracedGet:
    def __init__(self, parent: Span, url: str) -> None:
        parts = urlsplit(url)
        self.span = (parent.child("GET", kind=Kind.CLIENT)
                     .set("http.request.method", "GET")
                     .set("url.full", url)
                     .set("server.address", parts.hostname or "")
                     .set("server.port", parts.port or (443 if parts.scheme == "https" else 80)))
        context = self.span.context
        self.headers = {"traceparent": context.traceparent} | ({"tracestate": context.trace_state} if context.trace_state else {})

    def answered(self, response: httpx.Response) -> None:
        self.span.set("http.response.status_code", response.status_code)
        response.raise_for_status()

    def __enter__(self) -> "TracedGet":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        if error is not None:
            self.span.fail(str(error) or kind.__name__)
        self.span.end()
