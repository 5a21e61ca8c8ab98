"""
gRPC server reflection, v1 and v1alpha (grpc-js's reflection and older tools ask v1alpha),
written here because grpcio-reflection is not packaged in Debian (and PyPI is out of reach). It
lists the services and answers file_by_filename and file_containing_symbol from the protobuf
descriptor pool: the file, then every file it imports.
"""

from collections.abc import AsyncIterator, Iterator
from types import ModuleType

import grpc
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import FileDescriptor

from simul_worker.contract import reflection_v1_pb2, reflection_v1alpha_pb2

SERVICES = ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")


class Reflection:
    def __init__(self, services: list[str]) -> None:
        self._services = sorted(services)
        self._pool = descriptor_pool.Default()

    def handlers(self) -> list[grpc.GenericRpcHandler]:
        return [self._handler(messages) for messages in (reflection_v1_pb2, reflection_v1alpha_pb2)]

    def _handler(self, messages: ModuleType) -> grpc.GenericRpcHandler:
        async def info(requests: AsyncIterator, context: grpc.aio.ServicerContext) -> AsyncIterator:
            async for request in requests:
                yield self._answer(messages, request)

        method = grpc.stream_stream_rpc_method_handler(info, request_deserializer=messages.ServerReflectionRequest.FromString,
                                                       response_serializer=messages.ServerReflectionResponse.SerializeToString)
        return grpc.method_handlers_generic_handler(f"{messages.DESCRIPTOR.package}.ServerReflection", {"ServerReflectionInfo": method})

    def _answer(self, messages: ModuleType, request):
        response = messages.ServerReflectionResponse(valid_host=request.host, original_request=request)
        asked = request.WhichOneof("message_request")
        try:
            match asked:
                case "list_services":
                    response.list_services_response.service.extend(messages.ServiceResponse(name=name) for name in self._services)
                case "file_by_filename":
                    self._add_files(response, self._pool.FindFileByName(request.file_by_filename))
                case "file_containing_symbol":
                    self._add_files(response, self._pool.FindFileContainingSymbol(request.file_containing_symbol))
                case _:
                    response.error_response.error_code = grpc.StatusCode.UNIMPLEMENTED.value[0]
                    response.error_response.error_message = f"{asked} is not answered here"
        except KeyError:
            response.error_response.error_code = grpc.StatusCode.NOT_FOUND.value[0]
            response.error_response.error_message = f"{getattr(request, asked)} was not found"
        return response

    @staticmethod
    def _add_files(response, file: FileDescriptor) -> None:
        response.file_descriptor_response.file_descriptor_proto.extend(descriptor.serialized_pb for descriptor in _with_imports(file))


def _with_imports(file: FileDescriptor) -> Iterator[FileDescriptor]:
    seen, pending = set(), [file]
    while pending:
        current = pending.pop(0)
        if current.name not in seen:
            seen.add(current.name)
            yield current
            pending.extend(current.dependencies)
