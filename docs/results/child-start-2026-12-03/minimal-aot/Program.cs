// The least a child can do: read its request from stdin to the end, write a reply to stdout.
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
var buffer = new byte[4096];
while (stdin.Read(buffer) > 0)
{
}

stdout.Write("ok\n"u8);
