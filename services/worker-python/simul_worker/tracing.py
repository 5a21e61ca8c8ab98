"""
Spans with the .NET workers' names and attributes, continuing the caller's W3C trace context
(traceparent, tracestate) and passing it on to upstream and to the process model's children.
A finished span becomes an OTLP Span message handed to a sink: the exporter's queue in the
worker, a list sent back with the reply in a child. A span that is not recorded (not sampled, or
no exporter) still carries its context, so what it calls stays in the caller's trace.
"""

import os
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from simul_worker.contract import otlp_pb2

SpanSink = Callable[[otlp_pb2.Span], None]
Sampler = Callable[["SpanContext | None", bytes], bool]

_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-(?P<trace>[0-9a-f]{32})-(?P<span>[0-9a-f]{16})-(?P<flags>[0-9a-f]{2})$")


class Kind(IntEnum):
    """OTLP's span kinds, by their numbers on the wire."""

    INTERNAL = 1
    SERVER = 2
    CLIENT = 3


@dataclass(frozen=True)
class SpanContext:
    trace_id: bytes
    span_id: bytes
    sampled: bool
    trace_state: str = ""

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id.hex()}-{self.span_id.hex()}-{'01' if self.sampled else '00'}"

    @classmethod
    def parse(cls, traceparent: str | None, trace_state: str | None = None) -> "SpanContext | None":
        match = _TRACEPARENT.match((traceparent or "").strip().lower())
        if not match or set(match["trace"]) == {"0"} or set(match["span"]) == {"0"}:
            return None
        return cls(bytes.fromhex(match["trace"]), bytes.fromhex(match["span"]), bool(int(match["flags"], 16) & 1), trace_state or "")


class Span:
    def __init__(self, name: str, context: SpanContext, parent_id: bytes, kind: Kind, start_unix_ns: int, sink: SpanSink | None) -> None:
        self.name = name
        self.context = context
        self._parent_id = parent_id
        self._kind = kind
        self._start = start_unix_ns
        self._sink = sink
        self._attributes: dict[str, str | int | float | bool] = {}
        self._error: str | None = None

    @property
    def recording(self) -> bool:
        return self._sink is not None

    def child(self, name: str, start_unix_ns: int | None = None, kind: Kind = Kind.INTERNAL) -> "Span":
        context = SpanContext(self.context.trace_id, _new_id(8), self.context.sampled, self.context.trace_state)
        return Span(name, context, self.context.span_id, kind, start_unix_ns or time.time_ns(), self._sink)

    def set(self, key: str, value: str | int | float | bool) -> "Span":
        if self._sink is not None:
            self._attributes[key] = value
        return self

    def fail(self, message: str) -> None:
        self._error = message

    def end(self, end_unix_ns: int | None = None) -> None:
        if self._sink is None:
            return
        span = otlp_pb2.Span(
            trace_id=self.context.trace_id,
            span_id=self.context.span_id,
            trace_state=self.context.trace_state,
            parent_span_id=self._parent_id,
            name=self.name,
            kind=int(self._kind),
            start_time_unix_nano=self._start,
            end_time_unix_nano=max(self._start, end_unix_ns or time.time_ns()),
            attributes=attributes(self._attributes),
        )
        if self._error is not None:
            span.status.code = otlp_pb2.Status.STATUS_CODE_ERROR
            span.status.message = self._error
        self._sink(span)


class Tracer:
    def __init__(self, sampler: Sampler, sink: SpanSink | None) -> None:
        self._sampler = sampler
        self._sink = sink

    def server_span(self, name: str, metadata: Iterable[tuple[str, str | bytes]]) -> Span:
        """The span of a call, continuing the caller's trace when its metadata carries one."""
        headers = {key.lower(): value for key, value in metadata if isinstance(value, str)}
        return self.span(name, SpanContext.parse(headers.get("traceparent"), headers.get("tracestate")), Kind.SERVER)

    def span(self, name: str, parent: SpanContext | None, kind: Kind = Kind.INTERNAL) -> Span:
        trace_id = parent.trace_id if parent else _new_id(16)
        sampled = self._sampler(parent, trace_id)
        context = SpanContext(trace_id, _new_id(8), sampled, parent.trace_state if parent else "")
        sink = self._sink if sampled else None
        return Span(name, context, parent.span_id if parent else b"", kind, time.time_ns(), sink)


def attributes(values: Mapping[str, str | int | float | bool]) -> list[otlp_pb2.KeyValue]:
    def value_of(value: str | int | float | bool) -> otlp_pb2.AnyValue:
        match value:
            case bool():
                return otlp_pb2.AnyValue(bool_value=value)
            case int():
                return otlp_pb2.AnyValue(int_value=value)
            case float():
                return otlp_pb2.AnyValue(double_value=value)
            case _:
                return otlp_pb2.AnyValue(string_value=str(value))

    return [otlp_pb2.KeyValue(key=key, value=value_of(value)) for key, value in values.items()]


def sampler_from_environment(environ: Mapping[str, str] = os.environ) -> Sampler:
    """OTEL_TRACES_SAMPLER (parentbased_always_on by default) and its OTEL_TRACES_SAMPLER_ARG."""
    name = environ.get("OTEL_TRACES_SAMPLER", "").strip().lower() or "parentbased_always_on"
    try:
        ratio = float(environ.get("OTEL_TRACES_SAMPLER_ARG", "1"))
    except ValueError:
        ratio = 1.0
    bound = int(min(max(ratio, 0.0), 1.0) * 2**64)

    roots: dict[str, Callable[[bytes], bool]] = {
        "always_on": lambda trace_id: True,
        "always_off": lambda trace_id: False,
        # The trace id's random low half against the ratio, as the specification's TraceIdRatioBased.
        "traceidratio": lambda trace_id: int.from_bytes(trace_id[8:], "big") < bound,
    }
    root = roots.get(name.removeprefix("parentbased_"), roots["always_on"])
    if name.startswith("parentbased_") or name not in roots:
        return lambda parent, trace_id: parent.sampled if parent else root(trace_id)
    return lambda parent, trace_id: root(trace_id)


def _new_id(length: int) -> bytes:
    # random is reseeded in every forked child, so children do not repeat each other's ids; an
    # all-zero id is invalid.
    return (random.getrandbits(8 * length) or 1).to_bytes(length, "big")
