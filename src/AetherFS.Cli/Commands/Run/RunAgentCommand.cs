using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AetherFS.Agent;
using AetherFS.Agent.Configuration;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Cli.Commands.Run;

/// <summary>
/// <c>aetherfs run agent</c>: keep tags synced into local directories beside a service, and serve them. Flags win
/// over the config file; both are optional where the other gives the value.
/// </summary>
internal static partial class RunAgentCommand
{
    private static readonly Option<string[]> Sync = new("--sync")
    {
        Description = "NAME:TAG=DIR to keep synced (repeatable); DIR/current always holds one complete version",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> Mount = new("--mount")
    {
        Description = "NAME:TAG=DIR to mount read-only with FUSE, following the tag (repeatable); bytes are fetched as they are read",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> Config = new("--config")
    {
        Description = "YAML or JSON config file with hub, cacheDir, cacheSize, port, listenAddress, tlsCertPath, tlsKeyPath, caCert, tokenFile, onUpdate, sync and mount entries (env AETHERFS_AGENT_CONFIG)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("AETHERFS_AGENT_CONFIG"),
    };

    private static readonly Option<int?> Port = new("--port", "-p")
    {
        Description = "Port of the local file server, AgentAPI and health (default 8081; env AETHERFS_AGENT_PORT)",
    };

    private static readonly Option<string?> ListenAddress = new("--listen-address")
    {
        Description = "Address to listen on (default 127.0.0.1: the app beside the agent)",
    };

    private static readonly Option<string?> OnUpdate = new("--on-update")
    {
        Description = "Shell command run after each swap, with AETHERFS_DATASET, AETHERFS_TAG, AETHERFS_DIGEST and AETHERFS_PATH set",
    };

    private static readonly Option<long?> CacheSize = new("--cache-size")
    {
        Description = "Byte budget of the block cache, e.g. 10GiB (blocks of the versions on disk are kept beyond it)",
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, CommonOptions.CacheSizeExamples, minimum: 1),
    };

    private static readonly Option<string?> CacheDir = new("--cache-dir")
    {
        Description = "Block cache directory (default: $AETHERFS_CACHE_DIR, else $XDG_CACHE_HOME/aetherfs, else ~/.cache/aetherfs)",
    };

    private static readonly Option<string?> TlsCertificate = new("--tls-cert-path")
    {
        Description = "PEM certificate to serve HTTPS and gRPC over TLS with (env AETHERFS_AGENT_TLS_CERT_PATH; config tlsCertPath)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("AETHERFS_AGENT_TLS_CERT_PATH"),
    };

    private static readonly Option<string?> TlsKey = new("--tls-key-path")
    {
        Description = "PEM private key of the certificate (env AETHERFS_AGENT_TLS_KEY_PATH; config tlsKeyPath)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("AETHERFS_AGENT_TLS_KEY_PATH"),
    };

    private static readonly Option<string[]> Peers = new("--peers")
    {
        Description = "Other agents to share blocks with: http://HOST:PORT,... (this agent's own address may be listed; config peers)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> PeersDns = new("--peers-dns")
    {
        Description = "NAME[:PORT] whose every address is a peer, re-read every 10 s, e.g. a Kubernetes headless service (port: this agent's; config peersDns)",
    };

    private static readonly Option<string?> PeerTokenFile = new("--peer-token-file")
    {
        Description = "File holding the cluster token every peer shares (or env AETHERFS_PEER_TOKEN; config peerTokenFile)",
    };

    private static readonly Option<string?> PeerModeOption = new("--peer-mode")
    {
        Description = "serve (fetch from peers and serve them), fetch-only, or off (default: serve when peers are given; config peerMode)",
    };

    public static Command Create()
    {
        var command = new Command("agent", "Keep datasets synced into local directories and serve them")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Sync, Mount, Config, CacheDir, CacheSize, Port, ListenAddress, TlsCertificate, TlsKey, OnUpdate, Peers, PeersDns, PeerTokenFile, PeerModeOption },
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var options = Options(parsed);
        var logging = LoggingSetup.Configure(parsed.GetValue(CommonOptions.LogLevel)!, parsed.GetValue(CommonOptions.LogFormat)!);
        WebApplication app;
        try
        {
            app = AgentApplication.Build(options, logging);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        await using (app)
        {
            PrepareSyncDirectories(options);
            await PrepareMountDirectoriesAsync(options, app.Logger, cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new CliException($"cannot listen on {options.ListenAddress}:{options.Port}: {e.Message}", ExitCodes.Failure);
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Log.Listening(app.Logger, string.Join(", ", addresses), options.Hub.ToString(), string.Join(", ", options.Syncs.Select(s => s.ToString()).Concat(options.Mounts.Select(m => $"{m} (mount)"))));
            if (ServesPeersOnLoopbackOnly(options))
            {
                Log.PeersCannotReach(app.Logger, options.ListenAddress);
            }

            await app.WaitForShutdownAsync(cancellationToken);
            HostedServiceFailure.ThrowIfAny(app.Services);
        }

        return ExitCodes.Success;
    }

    // Mounts are checked the same way: a machine that cannot mount, or a directory a mount would hide files in, stops
    // the agent at start (a stale mount left by a killed agent is cleared here, as `aetherfs mount` does).
    private static async Task PrepareMountDirectoriesAsync(AgentOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Mounts.Count == 0)
        {
            return;
        }

        MountChecks.EnsureMachineCanMount();
        foreach (var mount in options.Mounts)
        {
            await MountChecks.PrepareDirectoryAsync(mount.Directory, $"{mount.Name}:{mount.Tag} ", line => Log.MountPrepared(logger, line), cancellationToken);
        }
    }

    // A directory that cannot be created or written stops the agent before it listens, with one line, rather than
    // failing its sync worker in the background after it said it was listening.
    private static void PrepareSyncDirectories(AgentOptions options)
    {
        foreach (var sync in options.Syncs)
        {
            try
            {
                new Agent.Sync.VersionDirectory(sync.Directory).Prepare();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot use sync directory '{sync.Directory}' for {sync.Name}:{sync.Tag}: {e.Message}", ExitCodes.Failure);
            }
        }
    }

    /// <summary>The options <c>aetherfs run agent ARGS</c> runs with (the tests start agents in their own process from the same flags).</summary>
    public static AgentOptions ParseOptions(IReadOnlyList<string> args)
    {
        ParseResult parsed;
        lock (CliApplication.TreeLock)
        {
            parsed = Create().Parse([.. args]);
        }

        return parsed.Errors.Count == 0 ? Options(parsed) : throw new CliException(parsed.Errors[0].Message);
    }

    private static AgentOptions Options(ParseResult parsed)
    {
        AgentConfigFile? file = null;
        try
        {
            file = parsed.GetValue(Config) is { } path ? AgentConfigFile.Load(path) : null;
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        var syncs = new List<SyncSpec>(file?.Syncs ?? []);
        foreach (var text in parsed.GetValue(Sync) ?? [])
        {
            syncs.Add(SyncSpec.Parse(text, out var error) ?? throw new CliException(error!));
        }

        var mounts = new List<SyncSpec>(file?.Mounts ?? []);
        foreach (var text in parsed.GetValue(Mount) ?? [])
        {
            mounts.Add(SyncSpec.Parse(text, out var error, "--mount") ?? throw new CliException(error!));
        }

        var port = parsed.GetValue(Port) ?? file?.Port
            ?? (EnvironmentDefaults.Get("AETHERFS_AGENT_PORT") is { } portText ? int.Parse(portText, CultureInfo.InvariantCulture) : 8081);
        var hub = HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub) ?? file?.Hub);
        var options = new AgentOptions
        {
            Hub = hub,
            HubConnection = HubConnections.Options(hub, parsed.GetValue(CommonOptions.CaCert) ?? file?.CaCert, parsed.GetValue(CommonOptions.TokenFile) ?? file?.TokenFile),
            TlsCertificatePath = parsed.GetValue(TlsCertificate) ?? file?.TlsCertPath,
            TlsKeyPath = parsed.GetValue(TlsKey) ?? file?.TlsKeyPath,
            Syncs = syncs,
            Mounts = mounts,
            CacheDirectory = parsed.GetValue(CacheDir) ?? file?.CacheDir ?? EnvironmentDefaults.Get("AETHERFS_CACHE_DIR") ?? Client.Pull.PullOptions.DefaultCacheDirectory(),
            CacheBudgetBytes = parsed.GetValue(CacheSize) ?? file?.CacheSize ?? Client.Pull.PullOptions.DefaultCacheBudgetBytes,
            Port = port,
            ListenAddress = parsed.GetValue(ListenAddress) ?? file?.ListenAddress ?? "127.0.0.1",
            OnUpdate = parsed.GetValue(OnUpdate) ?? file?.OnUpdate,
            Peers = PeerList(parsed.GetValue(Peers) is { Length: > 0 } given ? given : file?.Peers ?? []),
            PeersDns = PeerDns(parsed.GetValue(PeersDns) ?? file?.PeersDns),
            PeerToken = PeerToken(parsed.GetValue(PeerTokenFile) ?? file?.PeerTokenFile),
            PeerModeSetting = ParsePeerMode(parsed.GetValue(PeerModeOption) ?? file?.PeerMode),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        return options;
    }

    // A serving agent on loopback, with a peer elsewhere: they cannot reach it, and every block it owns costs them a
    // failed request and 30 s set aside. Said once at start rather than refused: a test cluster on one machine is fine.
    private static bool ServesPeersOnLoopbackOnly(AgentOptions options) =>
        options.PeerMode == PeerMode.Serve
        && System.Net.IPAddress.TryParse(options.ListenAddress, out var address) && System.Net.IPAddress.IsLoopback(address)
        && (options.PeersDns is not null || options.Peers.Any(p => !p.IsLoopback));

    private static IReadOnlyList<Uri> PeerList(IReadOnlyList<string> texts)
    {
        try
        {
            return PeerAddresses.Parse(texts);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static PeerDnsName? PeerDns(string? text) =>
        text is null ? null : PeerDnsName.Parse(text, out var error) ?? throw new CliException(error!);

    private static PeerMode? ParsePeerMode(string? text) => text switch
    {
        null => null,
        "serve" => PeerMode.Serve,
        "fetch-only" => PeerMode.FetchOnly,
        "off" => PeerMode.Off,
        _ => throw new CliException($"invalid peer mode '{text}': give serve, fetch-only or off"),
    };

    // A file wins over the environment; either way the token is one line, surrounding blanks dropped.
    private static string? PeerToken(string? file)
    {
        if (file is null)
        {
            return EnvironmentDefaults.Get("AETHERFS_PEER_TOKEN")?.Trim();
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read peer token file {file}: {e.Message}");
        }

        return text.Split('\n', 2)[0].Trim() is { Length: > 0 } token ? token : throw new CliException($"peer token file {file} is empty");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "aetherfs agent listening on {Addresses}, following {Hub}: {Syncs}")]
        public static partial void Listening(ILogger logger, string addresses, string hub, string syncs);

        [LoggerMessage(3, LogLevel.Warning, "Peers cannot reach this agent: it listens on {Address} only; give --listen-address an address they can reach")]
        public static partial void PeersCannotReach(ILogger logger, string address);

        [LoggerMessage(2, LogLevel.Warning, "{Line}")]
        public static partial void MountPrepared(ILogger logger, string line);
    }
}
