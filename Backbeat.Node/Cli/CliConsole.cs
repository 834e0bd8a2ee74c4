using Spectre.Console;

namespace Backbeat.Node.Cli;

/// <summary>Spectre consoles over the CLI's writers: colour on a terminal, plain text into a file, pipe or test.</summary>
public static class CliConsole
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // Off a terminal there is no width to fit: keep member addresses on one line for grep and for files.
        if (!terminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>A two-column table of names and values, the shape of every single-object answer.</summary>
    public static Table Facts(params (string Name, string? Value)[] facts)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders();
        table.AddColumn(new TableColumn("field"));
        table.AddColumn(new TableColumn("value"));
        foreach (var (name, value) in facts)
        {
            table.AddRow(new Text(name), new Text(value ?? "-"));
        }

        return table;
    }
}
