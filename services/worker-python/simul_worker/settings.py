"""
The worker's settings: the environment variables Simul__<Name> with the names and defaults of the
.NET workers' configuration section Simul, and the listening address from --urls (the first of a
';'-separated list), else Simul__Urls, else http://localhost:5000, as ASP.NET Core reads them.
"""

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

MODELS = ("asyncio", "threads", "process")
_TIME_SPAN = re.compile(r"^(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2}):(?P<seconds>\d{1,2})(?:\.(?P<fraction>\d{1,7}))?$")


class SettingsError(Exception):
    """A setting the worker cannot run with; the message names it."""


@dataclass(frozen=True)
class Endpoint:
    """Where a server listens: host None is every interface."""

    url: str
    host: str | None
    port: int

    @classmethod
    def parse(cls, name: str, url: str) -> "Endpoint":
        parts = urlsplit(url.strip())
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = None
        if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
            raise SettingsError(f"{name} must be an address like http://127.0.0.1:5000, got {url!r}")
        host = parts.hostname
        # ASP.NET Core's wildcards, and a host name (a pod's), listen on every interface.
        everywhere = host in ("+", "*", "0.0.0.0", "::") or not (host == "localhost" or _is_ip(host))
        return cls(url.strip(), None if everywhere else host, port)

    @property
    def grpc_address(self) -> str:
        if self.host is None:
            return f"[::]:{self.port}"
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Settings:
    model: str
    blocking_waits: bool = False
    yield_every: int = 0
    pool_threads: int = 32
    max_children: int = 16
    max_queue: int = 1_000
    max_in_flight: int = 200_000
    upstream: str = "http://127.0.0.1:5000/"
    health_url: Endpoint | None = None
    drain_delay_seconds: float = 0.0
    shutdown_grace_seconds: float = 15.0
    listen: Endpoint = Endpoint("http://localhost:5000", "localhost", 5000)

    @classmethod
    def read(cls, argv: Sequence[str], environ: Mapping[str, str]) -> "Settings":
        source = _Source(environ)
        model = source.text("Model")
        if model is None:
            raise SettingsError(f"Simul__Model is required: {', '.join(MODELS)}")
        if model not in MODELS:
            raise SettingsError(f"Simul__Model must be one of {', '.join(MODELS)}, got {model!r}")
        blocking_waits = source.flag("BlockingWaits", False)
        if blocking_waits and model != "asyncio":
            raise SettingsError("Simul__BlockingWaits is the event loop's pitfall: it needs Simul__Model=asyncio "
                                "(blocking on a pool is the threads model)")
        health_url = source.text("HealthUrl")
        urls = _urls_argument(argv) or source.text("Urls") or cls.listen.url
        return cls(
            model=model,
            blocking_waits=blocking_waits,
            yield_every=source.whole("YieldEvery", cls.yield_every, minimum=0),
            pool_threads=source.whole("PoolThreads", cls.pool_threads, minimum=1),
            max_children=source.whole("MaxChildren", cls.max_children, minimum=1),
            max_queue=source.whole("MaxQueue", cls.max_queue, minimum=0),
            max_in_flight=source.whole("MaxInFlight", cls.max_in_flight, minimum=1),
            upstream=source.upstream(),
            health_url=Endpoint.parse("Simul__HealthUrl", health_url) if health_url else None,
            drain_delay_seconds=source.duration("DrainDelay", cls.drain_delay_seconds),
            shutdown_grace_seconds=source.duration("ShutdownGrace", cls.shutdown_grace_seconds),
            listen=Endpoint.parse("--urls", urls.split(";")[0]),
        )


class _Source:
    """Simul__<Name> variables, each parsed or refused with a message naming it."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str) -> str | None:
        value = self._environ.get(f"Simul__{name}", "").strip()
        return value or None

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() not in ("true", "false"):
            raise SettingsError(f"Simul__{name} must be true or false, got {value!r}")
        return value.lower() == "true"

    def whole(self, name: str, default: int, minimum: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not re.fullmatch(r"[+-]?\d+", value) or int(value) < minimum or int(value) > 2**31 - 1:
            raise SettingsError(f"Simul__{name} must be a whole number from {minimum} to {2**31 - 1}, got {value!r}")
        return int(value)

    def duration(self, name: str, default: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        match = _TIME_SPAN.match(value)
        if not match:
            raise SettingsError(f"Simul__{name} must be a time span like 00:00:15 or 00:00:00.500, got {value!r}")
        parts = match.groupdict()
        return (int(parts["days"] or 0) * 86_400 + int(parts["hours"]) * 3_600 + int(parts["minutes"]) * 60
                + int(parts["seconds"]) + int((parts["fraction"] or "0").ljust(7, "0")) / 1e7)

    def upstream(self) -> str:
        value = self.text("Upstream") or Settings.upstream
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(f"Simul__Upstream must be an http:// or https:// address, got {value!r}")
        # As .NET's Uri shows it: a bare authority gets its root path.
        return value if parts.path else value + "/"


def _urls_argument(argv: Sequence[str]) -> str | None:
    arguments = list(argv)
    while arguments:
        argument = arguments.pop(0)
        if argument == "--urls" and arguments:
            return arguments.pop(0)
        if argument.startswith("--urls="):
            return argument.removeprefix("--urls=")
        raise SettingsError(f"unknown argument {argument!r}: the only argument is --urls http://HOST:PORT")
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
