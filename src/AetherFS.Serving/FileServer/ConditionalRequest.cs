using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Serving.FileServer;

/// <summary>Evaluates conditional request headers against a representation's validators (RFC 9110 §13).</summary>
internal static class ConditionalRequest
{
    /// <summary>The preconditions of a GET or HEAD, in the order RFC 9110 §13.2.2 evaluates them.</summary>
    public static Precondition Evaluate(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        var headers = request.GetTypedHeaders();
        if (!StringValues.IsNullOrEmpty(request.Headers.IfMatch))
        {
            if (!headers.IfMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: true)))
            {
                return Precondition.Failed;
            }
        }
        else if (headers.IfUnmodifiedSince is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            return Precondition.Failed;
        }

        // If-Modified-Since counts only without If-None-Match: an ETag is the more precise validator.
        if (!StringValues.IsNullOrEmpty(request.Headers.IfNoneMatch))
        {
            return headers.IfNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false))
                ? Precondition.NotModified
                : Precondition.Proceed;
        }

        return headers.IfModifiedSince is { } modifiedSince && lastModified <= modifiedSince
            ? Precondition.NotModified
            : Precondition.Proceed;
    }

    /// <summary>
    /// True when a Range may be honoured: no If-Range, or one naming the current representation by strong ETag
    /// or exact Last-Modified date. Otherwise the client's partial copy is stale and it gets the whole file.
    /// </summary>
    public static bool RangeAllowed(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        if (StringValues.IsNullOrEmpty(request.Headers.IfRange))
        {
            return true;
        }

        return request.GetTypedHeaders().IfRange switch
        {
            { EntityTag: { } tag } => !tag.IsWeak && tag.Compare(etag, useStrongComparison: true),
            { LastModified: { } date } => date == lastModified,
            _ => false,
        };
    }
}
