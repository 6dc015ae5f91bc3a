using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>Taking a progress line down as a command ends, whether or not it was stopped.</summary>
    internal static class ProgressLines
    {
        /// <summary>
        /// Writes <paramref name="completed"/> (a record of type Completed). After a stop (Ctrl+C) the pipeline takes no more
        /// records and the host takes the line down itself as the command ends, so the PipelineStoppedException WriteProgress
        /// then throws is dropped: thrown from a finally block or a Dispose, it replaced the exception the command was ending
        /// with — a stopped import lost its BmgCommitUnknown warning once its progress line had come (commit40).
        /// </summary>
        public static void TakeDown(this Cmdlet cmdlet, ProgressRecord completed)
        {
            try
            {
                cmdlet.WriteProgress(completed);
            }
            catch (PipelineStoppedException)
            {
                // Stopped: see above.
            }
        }
    }
}
