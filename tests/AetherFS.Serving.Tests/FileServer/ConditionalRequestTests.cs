using AetherFS.Serving.FileServer;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class ConditionalRequestTests
{
    private static readonly EntityTagHeaderValue ETag = new("\"abc\"");
    private static readonly DateTimeOffset LastModified = new(2021, 10, 5, 12, 30, 15, TimeSpan.Zero);
    private const string LastModifiedText = "Tue, 05 Oct 2021 12:30:15 GMT";

    [Fact]
    public void Evaluate_NoConditions_Proceeds()
    {
        Assert.Equal(Precondition.Proceed, ConditionalRequest.Evaluate(Request(), ETag, LastModified));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("W/\"abc\"")]
    [InlineData("\"other\", \"abc\"")]
    [InlineData("*")]
    public void Evaluate_IfNoneMatchNamingTheCurrentTag_IsNotModified(string ifNoneMatch)
    {
        var request = Request((HeaderNames.IfNoneMatch, ifNoneMatch));

        Assert.Equal(Precondition.NotModified, ConditionalRequest.Evaluate(request, ETag, LastModified));
    }

    [Fact]
    public void Evaluate_IfNoneMatchOtherTag_ProceedsEvenIfIfModifiedSinceWouldMatch()
    {
        var request = Request((HeaderNames.IfNoneMatch, "\"old\""), (HeaderNames.IfModifiedSince, LastModifiedText));

        Assert.Equal(Precondition.Proceed, ConditionalRequest.Evaluate(request, ETag, LastModified));
    }

    [Theory]
    [InlineData(LastModifiedText, nameof(Precondition.NotModified))]
    [InlineData("Wed, 06 Oct 2021 00:00:00 GMT", nameof(Precondition.NotModified))]
    [InlineData("Tue, 05 Oct 2021 12:30:14 GMT", nameof(Precondition.Proceed))]
    [InlineData("not a date", nameof(Precondition.Proceed))]
    public void Evaluate_IfModifiedSince_ComparesWithLastModified(string ifModifiedSince, string expected)
    {
        var request = Request((HeaderNames.IfModifiedSince, ifModifiedSince));

        Assert.Equal(Enum.Parse<Precondition>(expected), ConditionalRequest.Evaluate(request, ETag, LastModified));
    }

    [Fact]
    public void Evaluate_IfModifiedSinceWithoutLastModified_Proceeds()
    {
        var request = Request((HeaderNames.IfModifiedSince, LastModifiedText));

        Assert.Equal(Precondition.Proceed, ConditionalRequest.Evaluate(request, ETag, null));
    }

    [Theory]
    [InlineData("\"abc\"", nameof(Precondition.Proceed))]
    [InlineData("*", nameof(Precondition.Proceed))]
    [InlineData("W/\"abc\"", nameof(Precondition.Failed))]
    [InlineData("\"other\"", nameof(Precondition.Failed))]
    public void Evaluate_IfMatch_NeedsAStrongMatch(string ifMatch, string expected)
    {
        Assert.Equal(Enum.Parse<Precondition>(expected), ConditionalRequest.Evaluate(Request((HeaderNames.IfMatch, ifMatch)), ETag, LastModified));
    }

    [Fact]
    public void Evaluate_IfUnmodifiedSinceBeforeLastModified_Fails()
    {
        var request = Request((HeaderNames.IfUnmodifiedSince, "Mon, 04 Oct 2021 00:00:00 GMT"));

        Assert.Equal(Precondition.Failed, ConditionalRequest.Evaluate(request, ETag, LastModified));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("\"abc\"", true)]
    [InlineData(LastModifiedText, true)]
    [InlineData("\"other\"", false)]
    [InlineData("W/\"abc\"", false)]
    [InlineData("Tue, 05 Oct 2021 12:30:16 GMT", false)]
    [InlineData("garbage", false)]
    public void RangeAllowed_OnlyWhenIfRangeNamesTheCurrentRepresentation(string? ifRange, bool allowed)
    {
        var request = ifRange is null ? Request() : Request((HeaderNames.IfRange, ifRange));

        Assert.Equal(allowed, ConditionalRequest.RangeAllowed(request, ETag, LastModified));
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
