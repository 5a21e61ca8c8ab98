using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Server;

/// <summary>The three shapes a unary response can take on the wire.</summary>
internal static class GrpcResponseWriter
{
    /// <summary>Headers, one message, then trailers carrying OK.</summary>
    public static void WriteMessage(HttpResponse response, IMessage message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        MessageFraming.WriteFrame(response.BodyWriter, message);
        response.AppendTrailer(GrpcHeaders.Status, "0");
    }

    /// <summary>A trailers-only response: the status travels in the only HEADERS frame.</summary>
    public static void WriteStatus(HttpResponse response, StatusCode code, string detail, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        SetStatusHeaders(response, code, detail, headers);
    }

    /// <summary>A non-gRPC HTTP error (e.g. 415) that still says why in gRPC terms.</summary>
    public static void WriteHttpError(HttpResponse response, int httpStatus, StatusCode code, string detail)
    {
        response.StatusCode = httpStatus;
        SetStatusHeaders(response, code, detail, null);
    }

    private static void SetStatusHeaders(HttpResponse response, StatusCode code, string detail, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        response.Headers[GrpcHeaders.Status] = ((int)code).ToString(CultureInfo.InvariantCulture);
        if (detail.Length > 0)
        {
            response.Headers[GrpcHeaders.Message] = StatusMessageEncoding.Encode(detail);
        }

        foreach (var (name, value) in headers ?? [])
        {
            response.Headers[name] = value;
        }
    }
}
