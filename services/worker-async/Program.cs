using Simul.WorkerAsync;
using Simul.WorkerHost;

var builder = WorkerApp.CreateBuilder(args);
builder.Services.Configure<AsyncSettings>(builder.Configuration.GetSection(WorkerSettings.Section));
builder.Services.AddSingleton<IConcurrencyModel, AsyncModel>();
WorkerApp.Build(builder).Run();
