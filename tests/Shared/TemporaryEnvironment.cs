namespace Simul.Tests.Shared;

/// <summary>
/// Environment variables set for a fixture's lifetime, then put back as they were: local
/// workers inherit this process's OTEL_* variables, so a fixture that points them at its trace
/// receiver must not leave them pointing there for the next. Linked into each test project that
/// needs it (Compile Include), not copied.
/// </summary>
internal sealed class TemporaryEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _saved = [];

    public void Set(string name, string value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _saved.Clear();
    }
}
