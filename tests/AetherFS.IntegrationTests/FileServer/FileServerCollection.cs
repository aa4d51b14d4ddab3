namespace AetherFS.IntegrationTests.FileServer;

/// <summary>The /fs tests that only read share one hub and one push.</summary>
[CollectionDefinition(Name)]
public sealed class FileServerCollection : ICollectionFixture<FileServerFixture>
{
    public const string Name = "File server";
}
