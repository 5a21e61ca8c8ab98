using Simul.WorkerHost;
using Simul.WorkerThreadPool;

var builder = WorkerApp.CreateBuilder(args);
builder.Services.Configure<ThreadPoolSettings>(builder.Configuration.GetSection(WorkerSettings.Section));
builder.Services.AddSingleton<IConcurrencyModel, ThreadPoolModel>();
WorkerApp.Build(builder).Run();
