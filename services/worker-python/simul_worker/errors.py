"""Errors with a message for the caller: a request's, and the start-up's."""

from enum import IntEnum


class Status(IntEnum):
    """The gRPC status codes a request fails with, by their numbers. The process model's child
    sends them across its pipe, and it imports no grpc: a fork server without grpcio forks faster."""

    INVALID_ARGUMENT = 3
    RESOURCE_EXHAUSTED = 8
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15


class WorkloadError(Exception):
    """Bad input, a full queue, upstream down, a child that failed: the call ends with this status
    and a message naming the field or the cause."""

    def __init__(self, code: Status, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ContractError(Exception):
    """The protobuf stubs could not be generated: protoc or a .proto file is missing, or protoc failed."""
