using Simul.Grpc.Tests.Peers;

namespace Simul.Grpc.Tests;

/// <summary>An independent implementation's client (grpc-js) against Simul's server.</summary>
public class GrpcJsClientInteropTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>
{
    [Theory]
    [InlineData("empty_unary")]
    [InlineData("large_unary")]
    [InlineData("client_compressed_unary")]
    [InlineData("status_code_and_message")]
    [InlineData("special_status_message")]
    [InlineData("unimplemented_method")]
    [InlineData("unimplemented_service")]
    [InlineData("timeout_on_sleeping_server")]
    [InlineData("cancel_after_begin")]
    [InlineData("request_over_size_limit")]
    public async Task Grpc_js_client_case_passes_against_our_server(string testCase)
    {
        var (exitCode, output) = await NodePeer.RunClientCaseAsync(testCase, fixture.Server.Port);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{testCase}: passed", output, StringComparison.Ordinal);
    }
}
