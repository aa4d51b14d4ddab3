using AetherFS.Fuzz;
using SharpFuzz;

// aetherfs-fuzz list | seed DIR | run TARGET | replay TARGET FILE...
//   run:    under afl-fuzz (benchmarks/fuzz/run.sh); an exception that is not a clear error is a crash for afl.
//   replay: runs saved inputs (afl's crashes/ and hangs/) outside afl and prints what each one throws.
if (args is ["list"])
{
    foreach (var target in Targets.All)
    {
        Console.WriteLine(target.Name);
    }

    return 0;
}

if (args is ["seed", var seedRoot])
{
    foreach (var target in Targets.All)
    {
        var directory = Directory.CreateDirectory(Path.Join(seedRoot, target.Name));
        var index = 0;
        foreach (var seed in target.Seeds())
        {
            File.WriteAllBytes(Path.Join(directory.FullName, $"seed-{index++}"), seed);
        }
    }

    return 0;
}

if (args is ["run", var name] && Find(name) is { } fuzzed)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Feed(fuzzed, buffer.ToArray());
    });
    return 0;
}

if (args is ["replay", var replayed, .. var files] && Find(replayed) is { } target2)
{
    var failures = 0;
    foreach (var file in files)
    {
        try
        {
            Feed(target2, File.ReadAllBytes(file));
            Console.WriteLine($"{file}: ok");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"{file}: {e}");
        }
    }

    return failures == 0 ? 0 : 1;
}

Console.Error.WriteLine("usage: AetherFS.Fuzz list | seed DIR | run TARGET | replay TARGET FILE...");
return 2;

static FuzzTarget? Find(string name) => Targets.All.FirstOrDefault(t => t.Name == name);

// Clear errors are the parsers' right answer to bad bytes; anything else propagates and afl records a crash.
static void Feed(FuzzTarget target, byte[] input)
{
    try
    {
        target.Run(input);
    }
    catch (Exception e) when (ExpectedErrors.IsClearError(e))
    {
    }
}
