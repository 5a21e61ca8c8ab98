using Simul.Orchestrator.Local;

namespace Simul.Orchestrator.Tests;

/// <summary>The services' worker.json files, as the orchestrator reads them.</summary>
public class ServiceDescriptionTests
{
    [Fact]
    public void Every_service_of_the_repository_describes_its_models_and_a_known_runtime()
    {
        var services = ServiceDescription.InRepository(RepoLayout.Root!);

        Assert.Equal(["cpython", "dotnet", "node"], services.Select(s => s.Runtime).Distinct().Order(StringComparer.Ordinal));
        Assert.All(services, s => Assert.NotEmpty(s.Models));
        Assert.Equal(LocalModel.All.Count, LocalModel.All.Select(m => m.Name).Distinct().Count()); // no model named twice
    }

    [Fact]
    public void A_service_whose_check_fails_is_unavailable_saying_what_it_needs()
    {
        var missing = new ServiceDescription("worker-x", "x", ["x"], null, "the x package", [], Check: ["false"]);
        var present = missing with { Check = ["true"] };
        var absent = missing with { Check = ["/nonexistent/program"] };

        Assert.Equal("worker-x needs the x package", missing.Unavailable());
        Assert.Null(present.Unavailable());
        Assert.Equal("worker-x needs the x package", absent.Unavailable());
        Assert.Null((missing with { Check = null }).Unavailable());
    }
}
