using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using AetherFS.Serving.Http;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

using AetherFS.Serving.Telemetry;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// Answers GET and HEAD for one file of a version: validators and conditional requests, then the whole file,
/// one range or multipart/byteranges, streamed block by block from only the blocks that cover the bytes sent.
/// HEAD gets exactly the headers GET would, ranges included.
/// </summary>
internal sealed partial class FileResponder
{
    private readonly IFileContent _reader;
    private readonly ILogger<FileResponder> _logger;
    private readonly ServingMetrics? _metrics;

    public FileResponder(IFileContent reader, ILogger<FileResponder> logger, ServingMetrics? metrics = null)
    {
        _reader = reader;
        _logger = logger;
        _metrics = metrics;
    }

    /// <param name="file">The file to send, symlinks already followed.</param>
    /// <param name="requestedName">The last segment of the URL, whose extension gives the Content-Type.</param>
    public async Task SendAsync(HttpContext context, ManifestIndex version, ManifestEntry file, string requestedName)
    {
        var request = context.Request;
        var response = context.Response;
        var etag = CacheValidators.ForFile(version, file);
        var lastModified = CacheValidators.LastModified(file);
        response.Headers.ETag = etag.ToString();
        response.Headers.LastModified = HeaderUtilities.FormatDate(lastModified);
        response.Headers.AcceptRanges = "bytes";

        switch (ConditionalRequest.Evaluate(request, etag, lastModified))
        {
            case Precondition.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            case Precondition.Failed:
                await new ApiError(ErrorKind.PreconditionFailed, $"{file.Path} does not match the preconditions").ToResult().ExecuteAsync(context);
                return;
        }

        // Several Range header lines are not a valid range set: ignored like any other invalid one.
        var plan = request.Headers.Range.Count == 1 && ConditionalRequest.RangeAllowed(request, etag, lastModified)
            ? RangePlanner.Plan(request.Headers.Range[0], file.Size)
            : RangePlan.Full;

        if (plan.Kind == RangePlanKind.Unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{file.Size}";
            await new ApiError(ErrorKind.OutOfRange, $"{file.Path} has {file.Size} bytes").ToResult().ExecuteAsync(context);
            return;
        }

        // The hub compresses JSON responses for clients that accept it; dataset bytes must go out as they are, or
        // Content-Length, ranges and the strong ETag would describe other bytes than those sent. The compression
        // middleware chooses an encoding at the first write, from this header: "identity" means none.
        request.Headers.AcceptEncoding = "identity";

        var contentType = ContentTypes.For(requestedName);
        var send = HttpMethods.IsGet(request.Method);
        try
        {
            if (plan.Kind == RangePlanKind.Full)
            {
                response.ContentType = contentType;
                response.ContentLength = file.Size;
                if (send && file.Size > 0)
                {
                    await _reader.CopyAsync(version, file, 0, file.Size, response.Body, context.RequestAborted);
                    _metrics?.Served("file", file.Size);
                }
            }
            else if (!plan.IsMultipart)
            {
                var range = plan.Ranges[0];
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.ContentType = contentType;
                response.Headers.ContentRange = range.ContentRange(file.Size);
                response.ContentLength = range.Length;
                if (send)
                {
                    await _reader.CopyAsync(version, file, range.Start, range.Length, response.Body, context.RequestAborted);
                    _metrics?.Served("file", range.Length);
                }
            }
            else
            {
                var multipart = new MultipartByteRanges(plan.Ranges, contentType, file.Size);
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.ContentType = multipart.ContentType;
                response.ContentLength = multipart.Length;
                if (send)
                {
                    await multipart.WriteAsync(response.Body, (range, output, ct) => _reader.CopyAsync(version, file, range.Start, range.Length, output, ct), context.RequestAborted);
                    _metrics?.Served("file", multipart.Length);
                }
            }
        }
        catch (DigestMismatchException corrupt)
        {
            await FailAsync(context, version, file, corrupt);
        }
    }

    // Before the first byte, a corrupt block is a clean 500 problem, as on the REST API. After it, the status
    // and length are sent: aborting the connection is the only way to make sure the client sees a broken body
    // rather than a complete-looking one with wrong bytes.
    private async Task FailAsync(HttpContext context, ManifestIndex version, ManifestEntry file, DigestMismatchException corrupt)
    {
        var response = context.Response;
        Log.CorruptBlock(_logger, file.Path, version.Digest, response.HasStarted, corrupt.Message);
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        FileServerHandler.AddSecurityHeaders(response);
        await ApiError.Corrupt(corrupt.Message).ToResult().ExecuteAsync(context);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Serving {Path} of {Digest} hit a corrupt stored block (response started: {Started}): {Message}")]
        public static partial void CorruptBlock(ILogger logger, string path, string digest, bool started, string message);
    }
}
