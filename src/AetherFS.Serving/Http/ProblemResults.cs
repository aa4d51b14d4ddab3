using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Serving.Http;

/// <summary>The one place where an <see cref="ApiError"/> becomes an RFC 7807 problem response.</summary>
public static class ProblemResults
{
    public static IResult ToResult(this ApiError error) => Results.Problem(
        detail: error.Message,
        statusCode: ErrorKinds.HttpStatus(error.Kind),
        title: ErrorKinds.Title(error.Kind),
        extensions: error.MissingBlocks is { } missing ? new Dictionary<string, object?> { ["missingBlocks"] = missing } : null);

    /// <summary>The value as a result, or the error as a problem.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome, Func<T, IResult> success) =>
        outcome.Succeeded ? success(outcome.Value) : outcome.Error.ToResult();
}
