using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.Units;
using AetherFS.Hub;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Storage;
using AetherFS.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Cli.Commands.Run;

/// <summary><c>aetherfs run hub</c>: host datasets. Every option also reads an environment variable.</summary>
internal static partial class RunHubCommand
{
    private const string GrpcSizeExamples = "4MiB, 64MiB";
    private const string PollExamples = "500ms, 2s, 1m";
    private const string GcExamples = "0, 30m, 1h, 24h";

    private static readonly Option<int> Port = new("--port", "-p")
    {
        Description = "Port for HTTP (env PORT)",
        DefaultValueFactory = _ => int.Parse(EnvironmentDefaults.Get("PORT", "AETHERFS_PORT") ?? "8080", CultureInfo.InvariantCulture),
    };

    private static readonly Option<string?> ListenAddress = new("--listen-address")
    {
        Description = "Address to listen on (env LISTEN_ADDRESS; default: 0.0.0.0 with --auth-config, else 127.0.0.1 only)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("LISTEN_ADDRESS"),
    };

    private static readonly Option<string?> AuthConfig = new("--auth-config")
    {
        Description = "YAML file of users, groups, admins and dataset rules; without it anyone who can reach the hub may do anything (env AUTH_CONFIG; see docs/security.md)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("AUTH_CONFIG"),
    };

    private static readonly Option<string> StorageDriver = new("--storage-driver")
    {
        Description = "Storage tier: local or s3 (env STORAGE_DRIVER)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_DRIVER") ?? HubOptions.LocalDriver,
    };

    private static readonly Option<string?> StoragePath = new("--storage-path")
    {
        Description = "Directory of the local store (env STORAGE_PATH; default: ~/.local/share/aetherfs/hub)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_PATH", "STORAGE_LOCAL_PATH"),
    };

    private static readonly Option<string?> TlsCertificate = new("--tls-cert-path")
    {
        Description = "PEM certificate for HTTPS and gRPC over TLS (env TLS_CERT_PATH)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("TLS_CERT_PATH"),
    };

    private static readonly Option<string?> TlsKey = new("--tls-key-path")
    {
        Description = "PEM private key of the certificate (env TLS_KEY_PATH)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("TLS_KEY_PATH"),
    };

    private static readonly Option<long> GrpcMaxMessageSize = new("--grpc-max-message-size")
    {
        Description = "Largest gRPC message accepted or sent, e.g. 64MiB (env GRPC_MAX_MESSAGE_SIZE)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("GRPC_MAX_MESSAGE_SIZE") is { } text ? OptionValues.Size(result, text, GrpcSizeExamples) : new HubOptions().GrpcMaxMessageSize,
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, GrpcSizeExamples),
    };

    private static readonly Option<long> BlockCacheSize = new("--block-cache-size")
    {
        Description = "Memory for blocks already read and verified, served again without decoding, e.g. 64MiB; 0 for none (env BLOCK_CACHE_SIZE)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("BLOCK_CACHE_SIZE") is { } text ? OptionValues.Size(result, text, "0, 64MiB, 1GiB") : new HubOptions().BlockCacheSize,
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, "0, 64MiB, 1GiB"),
    };

    private static readonly Option<TimeSpan> TagPollInterval = new("--tag-poll-interval")
    {
        Description = "How often Subscribe streams re-read tags moved through other hubs, e.g. 2s (env TAG_POLL_INTERVAL)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("TAG_POLL_INTERVAL") is { } text ? OptionValues.Duration(result, text, PollExamples) : new HubOptions().TagPollInterval,
        CustomParser = result => OptionValues.Duration(result, result.Tokens.Single().Value, PollExamples),
    };

    private static readonly Option<TimeSpan> GcInterval = new("--gc-interval")
    {
        Description = "Collect garbage every interval, e.g. 24h; 0 (the default) never (env GC_INTERVAL)",
        DefaultValueFactory = result => OptionValues.Duration(result, EnvironmentDefaults.Get("GC_INTERVAL") ?? "0", GcExamples, bareZero: true),
        CustomParser = result => OptionValues.Duration(result, result.Tokens.Single().Value, GcExamples, bareZero: true),
    };

    private static readonly Option<TimeSpan> GcGrace = new("--gc-grace")
    {
        Description = "Grace period of garbage collection: unreferenced objects younger than this stay, e.g. 1h (env GC_GRACE)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("GC_GRACE") is { } text ? OptionValues.Duration(result, text, GcExamples, bareZero: true) : new HubOptions().GcGrace,
        CustomParser = result => OptionValues.Duration(result, result.Tokens.Single().Value, GcExamples, bareZero: true),
    };

    private static readonly Option<int> GcMaxUnused = new("--gc-max-unused")
    {
        Description = "Garbage collection rewrites packs whose dead bytes exceed this percentage, e.g. 50 (env GC_MAX_UNUSED)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("GC_MAX_UNUSED") is { } text ? OptionValues.Percent(result, text, "GC_MAX_UNUSED") : new HubOptions().GcMaxUnused,
        CustomParser = result => OptionValues.Percent(result, result.Tokens.Single().Value, "--gc-max-unused"),
    };

    private static readonly Option<TimeSpan> ScrubInterval = new("--scrub-interval")
    {
        Description = "Verify every stored block and manifest every interval, quarantining corrupt blocks, e.g. 168h; 0 (the default) never (env SCRUB_INTERVAL)",
        DefaultValueFactory = result => OptionValues.Duration(result, EnvironmentDefaults.Get("SCRUB_INTERVAL") ?? "0", GcExamples, bareZero: true),
        CustomParser = result => OptionValues.Duration(result, result.Tokens.Single().Value, GcExamples, bareZero: true),
    };

    private static readonly Option<long> ScrubRate = new("--scrub-rate")
    {
        Description = "Bytes per second those verifications may read, e.g. 50MiB; 0 (the default) no limit (env SCRUB_RATE)",
        DefaultValueFactory = result => OptionValues.Size(result, EnvironmentDefaults.Get("SCRUB_RATE") ?? "0", "0, 10MiB, 50MiB"),
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, "0, 10MiB, 50MiB"),
    };

    private static readonly Option<bool> NoUsageStats = new("--no-usage-stats")
    {
        Description = "Do not record pulls per dataset, tag and hour in the store (aetherfs stats then shows no new pulls) (env NO_USAGE_STATS)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("NO_USAGE_STATS") is "1" or "true",
    };

    private static readonly Option<TimeSpan> UsageRetention = new("--usage-retention")
    {
        Description = "Delete usage records older than this, e.g. 400d (the default); 0 keeps them forever (env USAGE_RETENTION)",
        DefaultValueFactory = result => EnvironmentDefaults.Get("USAGE_RETENTION") is { } text ? OptionValues.Duration(result, text, GcExamples, bareZero: true) : new HubOptions().UsageRetention,
        CustomParser = result => OptionValues.Duration(result, result.Tokens.Single().Value, GcExamples, bareZero: true),
    };

    public static Command Create()
    {
        var command = new Command("hub", "Run a hub that hosts datasets")
        {
            Options = { Port, ListenAddress, AuthConfig, StorageDriver, StoragePath, TlsCertificate, TlsKey, GrpcMaxMessageSize, TagPollInterval, GcInterval, GcGrace, GcMaxUnused, ScrubInterval, ScrubRate, BlockCacheSize, NoUsageStats, UsageRetention },
        };
        foreach (var option in HubS3Options.All.Concat(HubEncryptionCliOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The options <c>aetherfs run hub ARGS</c> runs with (the tests start hubs in their own process from the same flags).</summary>
    public static HubOptions ParseOptions(IReadOnlyList<string> args)
    {
        ParseResult parsed;
        lock (CliApplication.TreeLock)
        {
            parsed = Create().Parse([.. args]);
        }

        return parsed.Errors.Count == 0 ? Options(parsed) : throw new CliException(parsed.Errors[0].Message);
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var options = Options(parsed);
        var logging = LoggingSetup.Configure(parsed.GetValue(CommonOptions.LogLevel)!, parsed.GetValue(CommonOptions.LogFormat)!);
        WebApplication app;
        try
        {
            app = HubApplication.Build(options, logging);
        }
        catch (ArgumentException e)
        {
            // A certificate or key that does not load, and the like: the user's to fix.
            throw new CliException(e.Message);
        }

        await using var disposeApp = app;
        try
        {
            await HubStorageCheck.RunAsync(app.Services, cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot listen on {options.ListenAddress}:{options.Port}: {e.Message}", ExitCodes.Failure);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        catch (BlobStoreException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }
        catch (AetherFS.Storage.Encryption.EncryptionKeyException e)
        {
            // The keys do not fit the store (missing, wrong, or an unencrypted store): the operator's to fix.
            throw new CliException(e.Message);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Log.Listening(app.Logger, string.Join(", ", addresses), options.StorageDriver, options.DescribeStorage());
        if (options.AuthConfigPath is null)
        {
            Log.Open(app.Logger, options.ListenAddress);
        }
        await app.WaitForShutdownAsync(cancellationToken);
        HostedServiceFailure.ThrowIfAny(app.Services);
        return ExitCodes.Success;
    }

    private static HubOptions Options(ParseResult parsed)
    {
        var options = new HubOptions
        {
            Port = parsed.GetValue(Port),
            // An open hub stays on its own machine unless someone asks for more: a protected one serves everywhere.
            ListenAddress = parsed.GetValue(ListenAddress) ?? (parsed.GetValue(AuthConfig) is null ? "127.0.0.1" : "0.0.0.0"),
            AuthConfigPath = parsed.GetValue(AuthConfig),
            StorageDriver = parsed.GetValue(StorageDriver)!,
            StoragePath = parsed.GetValue(StoragePath),
            S3 = HubS3Options.Read(parsed, parsed.GetValue(StorageDriver)!),
            TlsCertificatePath = parsed.GetValue(TlsCertificate),
            TlsKeyPath = parsed.GetValue(TlsKey),
            GrpcMaxMessageSize = (int)Math.Min(int.MaxValue, parsed.GetValue(GrpcMaxMessageSize)),
            TagPollInterval = parsed.GetValue(TagPollInterval),
            GcInterval = parsed.GetValue(GcInterval),
            GcGrace = parsed.GetValue(GcGrace),
            GcMaxUnused = parsed.GetValue(GcMaxUnused),
            ScrubInterval = parsed.GetValue(ScrubInterval),
            ScrubRate = parsed.GetValue(ScrubRate) is > 0 and var rate ? rate : null,
            BlockCacheSize = parsed.GetValue(BlockCacheSize),
            UsageStats = !parsed.GetValue(NoUsageStats),
            UsageRetention = parsed.GetValue(UsageRetention),
            Encryption = HubEncryptionCliOptions.Read(parsed),
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

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "aetherfs hub listening on {Addresses} (storage: {Driver} {Path})")]
        public static partial void Listening(ILogger logger, string addresses, string driver, string path);

        [LoggerMessage(2, LogLevel.Warning, "no --auth-config: anyone who can reach {Address} may read, push and delete every dataset")]
        public static partial void Open(ILogger logger, string address);
    }
}
