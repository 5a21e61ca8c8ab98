using System.Runtime.CompilerServices;

namespace Simul.Tests.Shared;

/// <summary>
/// `dotnet test` runs the test projects side by side, and these measure time, count threads and
/// start real workers on a two-core machine: one assembly's load would skew another's figures.
/// Each such assembly takes this machine-wide lock when it loads and keeps it until its process
/// exits, so they run one after another (the kernel drops the lock if a test host dies).
/// Linked into each test project that needs it (Compile Include), not copied.
/// </summary>
internal static class OneTestAssemblyAtATime
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "simul-tests.lock");
    private static FileStream? _held;

    [ModuleInitializer]
    internal static void Acquire()
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux: a second holder gets an IOException.
                _held = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _held.Dispose();
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }
}
