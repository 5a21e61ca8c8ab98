using Simul.Grpc.Protocol;

namespace Simul.Grpc.Tests;

public class StatusEncodingTests
{
    [Theory]
    [InlineData("plain text, spaces kept ~!", "plain text, spaces kept ~!")]
    [InlineData("100%", "100%25")]
    [InlineData("\t\n\r", "%09%0A%0D")]
    [InlineData("é", "%C3%A9")]
    [InlineData("☺", "%E2%98%BA")]
    [InlineData("😈", "%F0%9F%98%88")]
    [InlineData("\u007F", "%7F")]
    public void Messages_are_percent_encoded_as_the_spec_says(string message, string encoded)
    {
        Assert.Equal(encoded, StatusMessageEncoding.Encode(message));
        Assert.Equal(message, StatusMessageEncoding.Decode(encoded));
    }

    [Fact]
    public void The_interop_special_message_round_trips()
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        var encoded = StatusMessageEncoding.Encode(message);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(message, StatusMessageEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("%4", "%4")]
    [InlineData("%zz done", "%zz done")]
    [InlineData("a%41", "aA")]
    public void Decoding_keeps_malformed_escapes_as_they_are(string value, string decoded)
    {
        Assert.Equal(decoded, StatusMessageEncoding.Decode(value));
    }
}
