namespace Simul.Grpc.Protocol;

/// <summary>Header names and values from the gRPC over HTTP/2 specification.</summary>
public static class GrpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";

    /// <summary>True for <c>application/grpc</c> and its <c>+proto</c>/<c>;params</c> variants.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // "application/grpcfoo" is not gRPC; "application/grpc+proto" and "application/grpc; x" are.
        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }
}
