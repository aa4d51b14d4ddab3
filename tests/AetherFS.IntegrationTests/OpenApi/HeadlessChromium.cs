using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>
/// Debian's Chromium, headless, with one page open and driven over the DevTools protocol: enough to run script in
/// the page and read what it returns, as a user's clicks would.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket;
    private int _lastId;

    private HeadlessChromium(Process process, TempDirectory profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    /// <summary>Starts Chromium on <paramref name="page"/> and connects to that page.</summary>
    public static async Task<HeadlessChromium> OpenAsync(Uri page, CancellationToken cancellationToken)
    {
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
                $"--user-data-dir={profile.Path}", "about:blank",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var socket = new ClientWebSocket();
        try
        {
            // Chromium writes the port it chose to DevToolsActivePort in its profile.
            var portFile = profile.Combine("DevToolsActivePort");
            while (!File.Exists(portFile) || (await File.ReadAllLinesAsync(portFile, cancellationToken)).Length < 2)
            {
                await Task.Delay(50, cancellationToken);
            }

            var port = (await File.ReadAllLinesAsync(portFile, cancellationToken))[0];
            using var http = new HttpClient();
            Uri? target = null;
            while (target is null)
            {
                var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), cancellationToken))!.AsArray();
                var pageTarget = targets.FirstOrDefault(t => (string?)t!["type"] == "page");
                target = pageTarget is null ? null : new Uri((string)pageTarget["webSocketDebuggerUrl"]!);
                if (target is null)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }

            await socket.ConnectAsync(target, cancellationToken);
            var browser = new HeadlessChromium(process, profile, socket);
            await browser.EvaluateAsync($"location.href = {JsonSerializer.Serialize(page.ToString())}", cancellationToken);
            return browser;
        }
        catch
        {
            socket.Dispose();
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Evaluates a script expression in the page (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var id = ++_lastId;
        var command = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true },
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        while (true)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync(cancellationToken));
            var root = message.RootElement;
            if (!root.TryGetProperty("id", out var answered) || answered.GetInt32() != id)
            {
                continue; // an event
            }

            var result = root.GetProperty("result");
            if (result.TryGetProperty("exceptionDetails", out var exception))
            {
                throw new InvalidOperationException($"script failed: {exception.GetRawText()}");
            }

            return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
        }
    }

    /// <summary>Evaluates <paramref name="condition"/> until it is true; after 30 s, fails saying where the page is.</summary>
    public async Task WaitUntilAsync(string condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await EvaluateAsync($"Boolean({condition})", cancellationToken)).ValueKind != JsonValueKind.True)
        {
            if (DateTime.UtcNow > deadline)
            {
                var where = await EvaluateAsync("location.href + ' (' + document.title + ')'", cancellationToken);
                throw new TimeoutException($"never true on {where}: {condition}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _profile.Dispose();
    }

    private async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(chunk, cancellationToken);
            buffer.Write(chunk, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return buffer.ToArray();
    }
}
