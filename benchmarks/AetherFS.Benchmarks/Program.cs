using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/AetherFS.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
