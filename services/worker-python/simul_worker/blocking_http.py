"""
Blocking GETs to upstream (httpx.Client) that the call's cancellation can stop. A thread blocked
in recv cannot be interrupted, and upstream may take a minute to answer; so every socket read
registers with the request's Cancellation, which shuts the socket down when the call is
cancelled: the read returns at once, the connection is dropped, and the GET raises
RequestCancelled. Several GETs at once take one more thread per extra URL, as blocking code must.
"""

import socket
import threading
from contextvars import ContextVar

import httpcore
import httpx
from httpcore.backends.base import NetworkStream
from httpcore.backends.sync import SyncBackend

from simul_worker.cancellation import Cancellation
from simul_worker.timing import WaitPhase
from simul_worker.upstream import TIMEOUT, UNCAPPED, TracedGet

_reading_for: ContextVar[Cancellation | None] = ContextVar("reading_for", default=None)


class BlockingHttp:
    def __init__(self) -> None:
        # Proxies from the environment are not used: a proxied GET would bypass the pool below.
        self._client = httpx.Client(transport=_CancellableTransport(), timeout=TIMEOUT, trust_env=False)

    def get_all(self, urls: tuple[str, ...], wait: WaitPhase, cancellation: Cancellation) -> int:
        """The bytes received from every URL; the first failure, once all are over."""
        if len(urls) == 1:
            return self._get(urls[0], wait, cancellation)
        outcomes: list[int | Exception] = [0] * len(urls)

        def get_into(index: int) -> None:
            try:
                outcomes[index] = self._get(urls[index], wait, cancellation)
            except Exception as error:  # handed to the request's thread, which raises it
                outcomes[index] = error

        helpers = [threading.Thread(target=get_into, args=(index,), name="fetch helper", daemon=True) for index in range(1, len(urls))]
        for helper in helpers:
            helper.start()
        get_into(0)
        for helper in helpers:
            helper.join()
        cancellation.check()
        if failures := [outcome for outcome in outcomes if isinstance(outcome, Exception)]:
            raise failures[0]
        return sum(outcomes)

    def _get(self, url: str, wait: WaitPhase, cancellation: Cancellation) -> int:
        reading = _reading_for.set(cancellation)
        try:
            with TracedGet(wait.parent, url) as get, self._client.stream("GET", url, headers=get.headers) as response:
                get.answered(response)
                received = sum(len(chunk) for chunk in response.iter_bytes())
        except httpx.HTTPError:
            cancellation.check()  # a socket the cancellation shut down reads as a dropped connection
            raise
        finally:
            _reading_for.reset(reading)
        wait.done()
        return received


class _CancellableTransport(httpx.HTTPTransport):
    """httpx's own transport over a pool with the backend below. httpx 0.23 has no parameter for
    a network backend: its transport keeps the pool in _pool, made here instead of by its
    __init__ (which would build an SSL context, 25 ms, only to drop it)."""

    def __init__(self) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=UNCAPPED.max_connections,
            max_keepalive_connections=UNCAPPED.max_keepalive_connections,
            keepalive_expiry=UNCAPPED.keepalive_expiry,
            network_backend=_CancellableBackend(),
        )


class _CancellableBackend(SyncBackend):
    def connect_tcp(self, *args: object, **kwargs: object) -> NetworkStream:
        return _CancellableStream(super().connect_tcp(*args, **kwargs))


class _CancellableStream(NetworkStream):
    def __init__(self, stream: NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        cancellation = _reading_for.get()
        if cancellation is None:
            return self._stream.read(max_bytes, timeout)
        with cancellation.stopping(self._shut_down):
            return self._stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, *args: object, **kwargs: object) -> NetworkStream:
        return _CancellableStream(self._stream.start_tls(*args, **kwargs))

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)

    def _shut_down(self) -> None:
        try:
            self._stream.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # closed already
