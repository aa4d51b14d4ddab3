using AetherFS.Serving.Http;
using AetherFS.Hub.Application;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Http;

/// <summary>Answers the exceptions that mean bad input, corrupt data or a storage outage with problem responses.</summary>
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
            if (problem.Kind == ErrorKind.Unavailable)
            {
                Log.StorageUnavailable(_logger, e.Message);
            }
            else if (problem.Kind == ErrorKind.StorageFull)
            {
                Log.StorageFull(_logger, e.Message);
            }
            else if (problem.Kind == ErrorKind.Corrupt)
            {
                Log.StoredDataCorrupt(_logger, e.Message);
            }

            await problem.ToResult().ExecuteAsync(context);
        }
    }

    private static ApiError? Map(Exception e) => e switch
    {
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => ApiError.TooLarge(bad.Message),
        BadHttpRequestException bad => ApiError.Invalid(bad.Message),
        _ => ExceptionErrors.From(e),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Stored data failed verification: {Message}")]
        public static partial void StoredDataCorrupt(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Error, "Storage failed: {Message}")]
        public static partial void StorageUnavailable(ILogger logger, string message);

        [LoggerMessage(3, LogLevel.Warning, "Storage is full, a write was refused: {Message}")]
        public static partial void StorageFull(ILogger logger, string message);
    }
}
