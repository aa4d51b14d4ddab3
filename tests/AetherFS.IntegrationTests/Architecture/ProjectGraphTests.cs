using System.Xml.Linq;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Architecture;

/// <summary>
/// The project graph docs/architecture.md draws, held true: what each project may not reach, directly or through the
/// projects it references.
/// </summary>
public sealed class ProjectGraphTests
{
    [Theory]
    [InlineData("AetherFS.Agent", "project:AetherFS.Hub")]
    [InlineData("AetherFS.Protocol", "framework:Microsoft.AspNetCore.App")]
    [InlineData("AetherFS.Client", "project:AetherFS.Storage")]
    [InlineData("AetherFS.Client", "package:AWSSDK.S3")]
    [InlineData("AetherFS.Client", "framework:Microsoft.AspNetCore.App")]
    [InlineData("AetherFS.Serving", "project:AetherFS.Storage")]
    [InlineData("AetherFS.Serving", "project:AetherFS.Hub")]
    [InlineData("AetherFS.Storage", "project:AetherFS.Protocol")]
    [InlineData("AetherFS.Core", "package:AWSSDK.S3")]
    public void Project_DoesNotReach(string project, string forbidden) =>
        Assert.DoesNotContain(forbidden, Reach(project));

    [Fact]
    public void TheAgentStillServesThroughTheSharedServingLibrary() =>
        Assert.Contains("project:AetherFS.Serving", Reach("AetherFS.Agent"));

    // Every project, package and framework a project references, directly or through its project references.
    private static HashSet<string> Reach(string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var name))
        {
            var file = XDocument.Load(Path.Join(RepositoryPaths.Root, "src", name, name + ".csproj"));
            foreach (var reference in file.Descendants())
            {
                var include = reference.Attribute("Include")?.Value;
                switch (reference.Name.LocalName)
                {
                    case "ProjectReference" when include is not null:
                        var referenced = Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));
                        if (reached.Add("project:" + referenced))
                        {
                            pending.Push(referenced);
                        }

                        break;
                    case "PackageReference" when include is not null:
                        reached.Add("package:" + include);
                        break;
                    case "FrameworkReference" when include is not null:
                        reached.Add("framework:" + include);
                        break;
                }
            }
        }

        return reached;
    }
}
