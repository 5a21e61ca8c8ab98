using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Tests;

public class TargetParsingTests
{
    [Fact]
    public void A_plain_target_is_a_model_and_an_address()
    {
        var target = Target.Parse("async=http://10.0.0.5:8080");

        Assert.Equal("async", target.Model);
        Assert.Equal(TargetKind.Direct, target.Kind);
        Assert.Equal("http://10.0.0.5:8080", target.Address);
        Assert.Null(target.DaprAppId);
    }

    [Theory]
    [InlineData("async=dns:///worker-async-headless:8080")]
    [InlineData("async=dns://worker-async-headless:8080")] // the spelling Simul used first
    public void A_dns_target_is_balanced_over_the_addresses_of_its_name(string spec)
    {
        var target = Target.Parse(spec);

        Assert.Equal(TargetKind.Balanced, target.Kind);
        Assert.Equal("dns:///worker-async-headless:8080", target.Address);
        Assert.Equal("async=dns:///worker-async-headless:8080", target.ToString());
    }

    [Fact]
    public void A_dapr_target_goes_to_the_sidecar_port_from_the_environment_or_50001()
    {
        Assert.Equal("http://127.0.0.1:50001", Target.Parse("a=dapr://app", _ => null).Address);
        Assert.Equal("http://127.0.0.1:3500", Target.Parse("a=dapr://app", name => name == "DAPR_GRPC_PORT" ? "3500" : null).Address);
        Assert.Equal("app", Target.Parse("a=dapr://app", _ => null).DaprAppId);
        Assert.Null(Target.Parse("a=dapr://app", _ => null).DaprApiToken);
    }

    [Theory]
    [InlineData("async")]
    [InlineData("async=ftp://x")]
    [InlineData("=http://127.0.0.1:1")]
    [InlineData("async=not a url")]
    [InlineData("async=dns:///no-port")]
    public void A_malformed_target_is_refused_with_a_message_showing_the_form(string spec)
    {
        var error = Assert.Throws<FormatException>(() => Target.Parse(spec));
        Assert.Contains("MODEL=", error.Message, StringComparison.Ordinal);
    }
}
