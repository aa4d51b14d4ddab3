namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>The OpenAPI tests share one hub and its probe dataset.</summary>
[CollectionDefinition(Name)]
public sealed class OpenApiCollection : ICollectionFixture<OpenApiHubFixture>
{
    public const string Name = "OpenAPI";
}
