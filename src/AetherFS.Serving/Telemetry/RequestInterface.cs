using Microsoft.AspNetCore.Http;

namespace AetherFS.Serving.Telemetry;

/// <summary>Which of the application's interfaces a request used: a closed set, so it can be a metric label.</summary>
public static class RequestInterface
{
    public const string Grpc = "grpc";
    public const string Rest = "rest";
    public const string Files = "fs";
    public const string Ui = "ui";

    public static readonly string[] All = [Rest, Grpc, Files, Ui];

    public static string Of(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            return Grpc;
        }

        if (request.Path.StartsWithSegments("/fs"))
        {
            return Files;
        }

        // The API, health, the metrics scrape and agents' peer requests are machine interfaces; everything else is pages
        // and their assets.
        return request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/peer") || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/swagger")
            ? Rest
            : Ui;
    }
}
