var builder = WebApplication.CreateBuilder(args);
builder.AddWebFrontOrleansClient();
builder.AddWebFrontDataProtection();
builder.AddWebFrontSessions();
builder.AddWebFrontTelemetry();
builder.AddWebFrontHealth();
builder.AddWebFrontSite();

var app = builder.Build();
app.UseWebFront();
app.Run();
