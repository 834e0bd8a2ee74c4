using Backbeat.Node;
using Backbeat.Node.Hosting;

return await NodeProgram.RunAsync(args, PulseInstallation.None);
