# Dot-sourced by CtrlCInTerminal.Tests.ps1: a PowerShell host whose -Confirm prompt does what the console host does when
# Ctrl+C lands in the instant its prompt starts to read (RELIABILITY.md, limits): the pipeline is being stopped, and the
# prompt returns no choice (-1), which PowerShell's ShouldProcess then indexes (an ArgumentOutOfRangeException inside the
# cmdlet, seen in a pseudo-terminal in 4 of 8 tries; the other 4 hung the console host). In a real terminal that race
# needs a Ctrl+C within milliseconds and hangs PowerShell itself more often than not; here it happens every time.
#
#   $shell = New-StoppingPromptShell               # a [powershell] on a runspace with that host
#   $null = $shell.AddScript('...').Invoke()       # returns once the pipeline is stopped
#   $shell.Host.Prompts.Prompted                   # how many prompts were shown (and stopped)

if (-not ('StoppingPromptHost' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;
using System.Security;
using System.Threading;

public sealed class StoppingPromptHost : PSHost
{
    private readonly StoppingPromptUI _ui = new StoppingPromptUI();
    private readonly Guid _id = Guid.NewGuid();
    public StoppingPromptUI Prompts => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId => _id;
    public override string Name => "StoppingPromptHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new Version(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

// What the console host does when Ctrl+C lands as its -Confirm prompt starts to read: the pipeline is being stopped,
// and the prompt returns no choice (-1), which ShouldProcess then indexes.
public sealed class StoppingPromptUI : PSHostUserInterface
{
    public System.Management.Automation.PowerShell Shell;
    public int Prompted;
    public override PSHostRawUserInterface RawUI => null;
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompted++;
        CancellationToken stopped = PipelineStopTokenOfPromptingCommand();
        Shell.BeginStop(null, null);
        // BeginStop sets the PowerShell object's state to Stopping at once, but the pipeline records the stop on a thread of
        // its own a moment later (then cancels the command's PipelineStopToken). Answering before that made the cmdlet's
        // exception the pipeline's first error, not the stop: two records in $Error, once on a busy CI machine. The
        // console host answers once its Ctrl+C handler has stopped the pipeline; so does this one. The guard only ends a
        // hung test.
        DateTime guard = DateTime.UtcNow.AddSeconds(60);
        while (!stopped.IsCancellationRequested && DateTime.UtcNow < guard) { Thread.Sleep(1); }
        return -1;
    }

    // The prompting cmdlet's PipelineStopToken (public since PowerShell 7.5), reached through the runspace's current
    // command processor: PowerShell offers a host no public way to the command that prompts.
    private CancellationToken PipelineStopTokenOfPromptingCommand()
    {
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        object context = Shell.Runspace.GetType().GetProperty("ExecutionContext", Internal).GetValue(Shell.Runspace);
        object processor = context.GetType().GetProperty("CurrentCommandProcessor", Internal).GetValue(context);
        object command = processor.GetType().GetProperty("Command", Internal).GetValue(processor);
        return ((PSCmdlet)command).PipelineStopToken;
    }
    public override PSCredential PromptForCredential(string c, string m, string u, string t) => throw new NotSupportedException();
    public override PSCredential PromptForCredential(string c, string m, string u, string t, PSCredentialTypes a, PSCredentialUIOptions o) => throw new NotSupportedException();
    public override string ReadLine() => throw new NotSupportedException();
    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    public override void Write(string value) { }
    public override void Write(ConsoleColor f, ConsoleColor b, string value) { }
    public override void WriteDebugLine(string message) { }
    public override void WriteErrorLine(string value) { }
    public override void WriteLine(string value) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
}

'@
}

function New-StoppingPromptShell {
    $promptHost = [StoppingPromptHost]::new()
    $runspace = [runspacefactory]::CreateRunspace($promptHost)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $promptHost.Prompts.Shell = $shell
    $shell | Add-Member -NotePropertyName PromptHost -NotePropertyValue $promptHost -PassThru
}
