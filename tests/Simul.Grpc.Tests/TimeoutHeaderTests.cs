using Simul.Grpc.Protocol;

namespace Simul.Grpc.Tests;

public class TimeoutHeaderTests
{
    [Theory]
    [InlineData("1H", 3_600_000_000_000L)]
    [InlineData("2M", 120_000_000_000L)]
    [InlineData("3S", 3_000_000_000L)]
    [InlineData("250m", 250_000_000L)]
    [InlineData("7u", 7_000L)]
    [InlineData("100n", 100L)]
    [InlineData("99999999m", 99_999_999_000_000L)]
    public void Every_unit_parses(string header, long nanoseconds)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData(" 1S")]
    [InlineData("123456789S")]
    public void Malformed_values_are_rejected(string header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Fact]
    public void The_largest_value_in_hours_parses_without_overflow()
    {
        Assert.True(GrpcTimeout.TryParse("99999999H", out var timeout));
        Assert.Equal(TimeSpan.FromHours(99_999_999), timeout);
    }

    [Theory]
    [InlineData(0.0015, "1500u")]
    [InlineData(250.0, "250000m")]
    [InlineData(200_000.0, "200000S")]
    public void Formatting_uses_the_finest_unit_that_fits_eight_digits(double seconds, string header)
    {
        Assert.Equal(header, GrpcTimeout.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Formatting_rounds_up_and_round_trips_to_at_least_the_timeout()
    {
        var timeout = TimeSpan.FromTicks(12_345_678);
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));
        Assert.True(parsed >= timeout);
    }
}
