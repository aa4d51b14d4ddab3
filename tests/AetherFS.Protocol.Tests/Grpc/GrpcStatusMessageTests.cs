using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcStatusMessageTests
{
    [Fact]
    public void Encode_LeavesPrintableAsciiAlone()
    {
        const string Message = "dataset 'geo/maxmind:v1' not found (try `aetherfs list`) ~!@#$^&*()";

        Assert.Equal(Message, GrpcStatusMessage.Encode(Message));
    }

    [Theory]
    [InlineData("100%", "100%25")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("del\u007F", "del%7F")]
    [InlineData("\u0000", "%00")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Encode_EscapesPercentAndEveryByteOutsidePrintableAscii(string message, string expected)
    {
        Assert.Equal(expected, GrpcStatusMessage.Encode(message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("100% done, 50%25 left")]
    [InlineData("données/ünïcode 日本語.txt: 😀 not found\r\n")]
    public void Decode_RestoresWhatEncodeProduced(string message)
    {
        Assert.Equal(message, GrpcStatusMessage.Decode(GrpcStatusMessage.Encode(message)));
    }

    [Fact]
    public void Decode_AcceptsLowercaseHex()
    {
        Assert.Equal("café", GrpcStatusMessage.Decode("caf%c3%a9"));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("50%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    [InlineData("%G1 and %1G")]
    [InlineData("100% sure")]
    public void Decode_KeepsMalformedEscapesAsTheyAre(string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Decode(encoded));
    }

    [Fact]
    public void Decode_DecodesAnEscapeThatFollowsAStrayPercent()
    {
        Assert.Equal("%A", GrpcStatusMessage.Decode("%%41"));
    }

    [Fact]
    public void Decode_KeepsRawNonAsciiTextBesideEscapes()
    {
        // A peer that did not encode its message: its text must survive, characters outside the BMP included.
        Assert.Equal("日本 😀 100%", GrpcStatusMessage.Decode("日本 😀 100%25"));
    }

    [Fact]
    public void Decode_ReplacesInvalidUtf8InsteadOfFailing()
    {
        Assert.Equal("bad \uFFFD byte", GrpcStatusMessage.Decode("bad %FF byte"));
    }
}
