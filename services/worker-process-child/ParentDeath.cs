using System.Runtime.InteropServices;

namespace Simul.WorkerChild;

/// <summary>
/// Ties the child's life to its parent's: if the worker dies, the kernel kills the child
/// (Linux prctl PR_SET_PDEATHSIG), so a crashed worker leaves no orphan computing on.
/// </summary>
internal static partial class ParentDeath
{
    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;

    public static void KillMeWithParent(int expectedParentPid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _ = Prctl(PrSetPdeathsig, SigKill);

        // The parent may have died before prctl ran: then we were reparented already.
        if (expectedParentPid > 0 && GetParentPid() != expectedParentPid)
        {
            Environment.Exit(1);
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, long arg2);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
