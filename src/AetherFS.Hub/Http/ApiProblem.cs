using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Http;

/// <summary>An expected failure as a value: it becomes an RFC 7807 problem response in one place.</summary>
public sealed record ApiProblem(int Status, string Title, string Detail, IDictionary<string, object?>? Extensions = null)
{
    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ApiProblem Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    public static ApiProblem Corrupt(string detail) => new(StatusCodes.Status500InternalServerError, Protocol.Rest.ProblemTitles.CorruptStoredData, detail);

    public IResult ToResult() => Results.Problem(detail: Detail, statusCode: Status, title: Title, extensions: Extensions);
}
