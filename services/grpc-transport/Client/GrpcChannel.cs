using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Google.Protobuf;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Client;

/// <summary>
/// A gRPC client for one server address: unary calls over HTTP/2 with prior knowledge.
/// Thread-safe; create one per target and share it.
/// </summary>
public sealed class GrpcChannel : IUnaryCaller
{
    private readonly HttpMessageInvoker _invoker;
    private readonly GrpcChannelOptions _options;

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        Address = address;
        _options = options ?? new GrpcChannelOptions();
        _invoker = new HttpMessageInvoker(_options.Handler ?? CreateDefaultHandler(), disposeHandler: true);
    }

    public Uri Address { get; }

    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    };

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        using var activity = RpcTelemetry.StartClientCall(method.Service, method.Name, Address);
        try
        {
            var reply = await SendAsync(method, request, options);
            RpcTelemetry.SetClientStatus(activity, StatusCode.OK);
            return reply;
        }
        catch (RpcException e)
        {
            RpcTelemetry.SetClientStatus(activity, e.StatusCode);
            throw;
        }
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded before the call started.");
        }

        using var message = BuildRequest(method.Path, request, options.Timeout);
        using var deadlineSource = options.Timeout is { } timeout
            ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken)
            : null;
        deadlineSource?.CancelAfter(options.Timeout!.Value);
        var token = deadlineSource?.Token ?? options.CancellationToken;
        try
        {
            using var response = await _invoker.SendAsync(message, token);
            return await UnaryResponseReader.ReadAsync(response, method.ResponseParser, _options.MaxReceiveMessageSize, token);
        }
        catch (OperationCanceledException) when (options.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(StatusCode.Cancelled, "Call cancelled by the client.");
        }
        catch (OperationCanceledException) when (deadlineSource?.IsCancellationRequested == true)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw TransportFailure(e);
        }
    }

    private HttpRequestMessage BuildRequest(string path, IMessage request, TimeSpan? timeout)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, path))
        {
            // Set on every request: HttpClient's default version settings do not apply to SendAsync(message).
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(MessageFraming.ToFrame(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcHeaders.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, MessageCompression.Supported);
        if (timeout is { } t)
        {
            message.Headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(t));
        }

        foreach (var (name, value) in _options.Metadata)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private static RpcException TransportFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                var code = HttpStatusMapping.FromHttp2Error(protocol.ErrorCode);
                return new RpcException(code, string.Create(CultureInfo.InvariantCulture,
                    $"HTTP/2 stream reset by the server (error code 0x{protocol.ErrorCode:x}): {protocol.Message}"));
            }
        }

        return new RpcException(StatusCode.Unavailable, $"Error talking to the server: {e.Message}");
    }

    public void Dispose() => _invoker.Dispose();
}
