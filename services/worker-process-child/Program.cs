// The process model's child program: reads one WorkItem (length-delimited protobuf) on stdin,
// runs it with blocking waits like any ordinary synchronous program, writes one ChildReply on
// stdout and exits. Environment: SIMUL_UPSTREAM (the only fetch target), SIMUL_PARENT_PID,
// TRACEPARENT (the W3C context of the request span in the parent).
using System.Globalization;
using Google.Protobuf;
using Simul.Contracts.V1;
using Simul.WorkerChild;
using Simul.Workloads;
using Simul.Workloads.Accounting;
using Simul.Workloads.Waiting;

ParentDeath.KillMeWithParent(int.TryParse(Environment.GetEnvironmentVariable("SIMUL_PARENT_PID"), CultureInfo.InvariantCulture, out var parent) ? parent : 0);

using var stdin = Console.OpenStandardInput();
var item = WorkItem.Parser.ParseDelimitedFrom(stdin);
var reply = new ChildReply { StartedUnixUs = UnixClock.NowMicroseconds() };

using var http = new HttpClient();
var timing = new RequestTiming { ThreadId = Environment.CurrentManagedThreadId };
try
{
    WorkloadLimits.Validate(item);
    var upstream = new Uri(Environment.GetEnvironmentVariable("SIMUL_UPSTREAM") ?? "http://127.0.0.1:5000/");
    reply.Reply = new WorkReply
    {
        Value = new Workload(new BlockingWaits(http), upstream).Run(item, timing, CancellationToken.None),
        Model = "process",
        Pid = Environment.ProcessId,
        Timing = timing.Finish(),
        ThreadId = timing.ThreadId,
    };
}
catch (WorkloadException e)
{
    reply.Error = new ChildError { Code = (int)e.Error, Message = e.Message };
}

using var stdout = Console.OpenStandardOutput();
reply.WriteDelimitedTo(stdout);
