using Simul.Workloads.Accounting;

namespace Simul.Workers.Tests;

/// <summary>The phases are listed by hand (a literal costs a NativeAOT child nothing at start-up):
/// the list must stay the enum, in its order, each name parsing back to its phase.</summary>
public class PhaseNamesTests
{
    [Fact]
    public void The_list_is_every_phase_of_the_enum_in_order_and_each_name_parses_back()
    {
        Assert.Equal(Enum.GetValues<Phase>(), PhaseNames.All);
        Assert.All(PhaseNames.All, phase => Assert.Equal(phase, PhaseNames.Parse(phase.Name())));
    }
}
