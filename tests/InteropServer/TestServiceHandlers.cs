using Google.Protobuf;
using Grpc.Testing;
using Simul.Grpc.Protocol;
using Simul.Grpc.Server;

namespace Simul.InteropServer;

/// <summary>grpc.testing.TestService as the interop spec describes its unary methods.</summary>
public static class TestServiceHandlers
{
    public static Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public static Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }

        return Task.FromResult(new SimpleResponse
        {
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) },
        });
    }
}
