using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Server;

/// <summary>
/// Serves one unary method: check the request is gRPC, read exactly one message, run the
/// handler under the call's deadline, and answer with a message or a status.
/// </summary>
internal sealed partial class UnaryCallHandler<TRequest, TResponse>(
    string service,
    string method,
    MessageParser<TRequest> parser,
    Func<TRequest, ServerCallContext, Task<TResponse>> handler,
    GrpcServerOptions options,
    ILogger logger)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private readonly string _path = $"/{service}/{method}";

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            GrpcResponseWriter.WriteHttpError(http.Response, StatusCodes.Status426UpgradeRequired, StatusCode.Internal,
                $"Request protocol '{request.Protocol}' is not supported: gRPC needs HTTP/2.");
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            GrpcResponseWriter.WriteHttpError(http.Response, StatusCodes.Status405MethodNotAllowed, StatusCode.Internal,
                "Only POST requests are allowed.");
            return;
        }

        if (!GrpcHeaders.IsGrpcContentType(request.ContentType))
        {
            GrpcResponseWriter.WriteHttpError(http.Response, StatusCodes.Status415UnsupportedMediaType, StatusCode.Internal,
                $"Content-Type '{request.ContentType}' is not supported.");
            return;
        }

        using var activity = RpcTelemetry.StartServerCall(service, method, request.Headers);
        var status = await RunCallAsync(http);
        RpcTelemetry.SetServerStatus(activity, status);
    }

    private async Task<StatusCode> RunCallAsync(HttpContext http)
    {
        CancellationTokenSource? deadlineSource = null;
        Task<TResponse>? call = null;
        try
        {
            var encoding = ReadEncoding(http.Request.Headers);
            var token = http.RequestAborted;
            DateTime? deadline = null;
            if (ReadTimeout(http.Request.Headers) is { } timeout)
            {
                deadline = DateTime.UtcNow + timeout;
                deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadlineSource.CancelAfter(timeout);
                token = deadlineSource.Token;
            }

            var message = await RequestMessageReader.ReadSingleAsync(
                http.Request.BodyReader, parser, encoding, options.MaxReceiveMessageSize, token);
            call = Invoke(message, new ServerCallContext(_path, http.Request.Headers, deadline, token));

            // WaitAsync ends the call at the deadline even if the handler ignores its token.
            var reply = await call.WaitAsync(token);
            GrpcResponseWriter.WriteMessage(http.Response, reply);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            GrpcResponseWriter.WriteStatus(http.Response, e.StatusCode, e.Detail, e.Headers);
            return e.StatusCode;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream: there is nobody left to answer.
            return StatusCode.Cancelled;
        }
        catch (OperationCanceledException) when (deadlineSource?.IsCancellationRequested == true)
        {
            GrpcResponseWriter.WriteStatus(http.Response, StatusCode.DeadlineExceeded, "Deadline exceeded.");
            return StatusCode.DeadlineExceeded;
        }
        catch (Exception e)
        {
            // The exception stays in the server's log; the client learns only that it happened.
            LogHandlerFailed(logger, e, _path);
            GrpcResponseWriter.WriteStatus(http.Response, StatusCode.Unknown, "Exception was thrown by handler.");
            return StatusCode.Unknown;
        }
        finally
        {
            if (call is { IsCompleted: false })
            {
                // The handler outlives the call (it missed its deadline): observe its end, and
                // leave the token source to the GC so the handler can still read its token.
                _ = call.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            else
            {
                deadlineSource?.Dispose();
            }
        }
    }

    private Task<TResponse> Invoke(TRequest message, ServerCallContext context)
    {
        try
        {
            return handler(message, context);
        }
        catch (Exception e)
        {
            return Task.FromException<TResponse>(e);
        }
    }

    private static string ReadEncoding(IHeaderDictionary headers)
    {
        var encoding = headers[GrpcHeaders.Encoding].ToString();
        if (encoding.Length == 0)
        {
            return MessageCompression.Identity;
        }

        return MessageCompression.IsSupported(encoding)
            ? encoding
            : throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {MessageCompression.Supported}")
            {
                Headers = [new(GrpcHeaders.AcceptEncoding, MessageCompression.Supported)],
            };
    }

    private static TimeSpan? ReadTimeout(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(GrpcHeaders.Timeout, out var values))
        {
            return null;
        }

        if (!GrpcTimeout.TryParse(values.ToString(), out var timeout))
        {
            throw new RpcException(StatusCode.Internal, $"Malformed grpc-timeout header '{values}'.");
        }

        // Longer than a timer can run (about 24 days) means, in practice, no deadline.
        return timeout.TotalMilliseconds < int.MaxValue ? timeout : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Method} threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string method);
}
