namespace LiveChat.Testing.Processes;

using System.ComponentModel;
using System.Diagnostics;

/// <summary>
/// The silo and redis-server processes started here and not disposed yet. Nothing ends a child when
/// its parent exits, so they are killed when this process exits normally or by SIGTERM
/// (<see cref="AppDomain.ProcessExit"/>); a program that may be interrupted calls <see cref="KillAll"/>
/// from <see cref="Console.CancelKeyPress"/> too. A SIGKILL of this process still leaves them behind.
/// </summary>
public static class ChildProcesses
{
    private static readonly HashSet<Process> Running = [];

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(Process process)
    {
        lock (Running) Running.Add(process);
    }

    /// <summary>Called before the process object is disposed: a disposed one can no longer be asked or killed.</summary>
    public static void Forget(Process process)
    {
        lock (Running) Running.Remove(process);
    }

    /// <summary>Kills every tracked process still running, with its children; waits for none of them.</summary>
    public static void KillAll()
    {
        List<Process> running;
        lock (Running) running = [.. Running];
        foreach (var process in running)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (Exception error) when (error is InvalidOperationException or Win32Exception)
            {
                // Exited or disposed meanwhile: nothing left to kill.
            }
        }
    }
}
