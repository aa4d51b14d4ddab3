using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Http;

/// <summary>Maps the exceptions that mean bad input or corrupt storage to problem responses.</summary>
internal sealed partial class ProblemExceptionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ProblemExceptionMiddleware> _logger;

    public ProblemExceptionMiddleware(RequestDelegate next, ILogger<ProblemExceptionMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e) is { } problem)
        {
            if (e is BlobStoreException)
            {
                Log.StorageUnavailable(_logger, e.Message);
            }
            else if (problem.Status >= 500)
            {
                Log.StoredDataCorrupt(_logger, e.Message);
            }

            await problem.ToResult().ExecuteAsync(context);
        }
    }

    private static ApiProblem? Map(Exception e) => e switch
    {
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => ApiProblem.TooLarge(bad.Message),
        BadHttpRequestException bad => new ApiProblem(bad.StatusCode, "Bad request", bad.Message),
        ManifestFormatException format => ApiProblem.BadRequest(format.Message),
        DigestMismatchException corrupt => ApiProblem.Corrupt(corrupt.Message),
        BlobStoreException unavailable => new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", unavailable.Message),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Stored data failed verification: {Message}")]
        public static partial void StoredDataCorrupt(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Error, "Storage failed: {Message}")]
        public static partial void StorageUnavailable(ILogger logger, string message);
    }
}
