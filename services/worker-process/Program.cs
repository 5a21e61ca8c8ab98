using Simul.WorkerHost;
using Simul.WorkerProcess;

var builder = WorkerApp.CreateBuilder(args);
builder.Services.Configure<ProcessSettings>(builder.Configuration.GetSection(WorkerSettings.Section));
builder.Services.AddSingleton<IConcurrencyModel, ProcessModel>();
WorkerApp.Build(builder).Run();
