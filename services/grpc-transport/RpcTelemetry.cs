using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Simul.Grpc.Protocol;

namespace Simul.Grpc;

/// <summary>
/// Client and server spans for every call, named and tagged per the OpenTelemetry RPC
/// conventions. Spans are only built when something listens to <see cref="SourceName"/>.
/// </summary>
public static class RpcTelemetry
{
    public const string SourceName = "Simul.Grpc";
    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartServerCall(string service, string method, IHeaderDictionary headers)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The HTTP server span (when ASP.NET Core's source is listened to) is the parent;
        // otherwise the caller's W3C context comes straight from the headers.
        var parent = Activity.Current?.Context ?? ExtractParent(headers);
        return Tag(Source.StartActivity($"{service}/{method}", ActivityKind.Server, parent), service, method);
    }

    internal static Activity? StartClientCall(string service, string method, Uri address)
    {
        var activity = Tag(Source.StartActivity($"{service}/{method}", ActivityKind.Client), service, method);
        activity?.SetTag("server.address", address.Host);
        activity?.SetTag("server.port", address.Port);
        return activity;
    }

    internal static void SetServerStatus(Activity? activity, StatusCode code) =>
        SetStatus(activity, code, code is StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Unimplemented
            or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss);

    internal static void SetClientStatus(Activity? activity, StatusCode code) =>
        SetStatus(activity, code, code != StatusCode.OK);

    private static void SetStatus(Activity? activity, StatusCode code, bool isError)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (isError)
        {
            activity.SetStatus(ActivityStatusCode.Error, code.ToString());
        }
    }

    private static Activity? Tag(Activity? activity, string service, string method) =>
        activity?.SetTag("rpc.system", "grpc").SetTag("rpc.service", service).SetTag("rpc.method", method);

    private static ActivityContext ExtractParent(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers,
            static (carrier, name, out value, out values) =>
            {
                values = null;
                value = carrier is IHeaderDictionary h && h.TryGetValue(name, out var v) ? v.ToString() : null;
            },
            out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, out var context) ? context : default;
    }
}
