using System.Runtime.CompilerServices;

namespace Simul.Tests.Shared;

/// <summary>
/// The test host (VSTest and xunit) blocks some thread-pool threads while tests run; on a
/// two-core machine that leaves none for timers and continuations, and the pool adds threads
/// only about once a second, so a test's Task.Delay of 300 ms could end a second late (seen:
/// no timer fired from 0.45 s to 1.4 s). The orchestrator's own process has no such blockers;
/// here the pool starts with enough threads that the tests measure the code, not the host.
/// Linked into each test project that measures time (Compile Include), not copied.
/// </summary>
internal static class ThreadPoolHeadroom
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
