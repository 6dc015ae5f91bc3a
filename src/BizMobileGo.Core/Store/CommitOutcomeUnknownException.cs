using System;
using System.Threading;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A stop (Ctrl+C) ended the wait for a server that had not answered a COMMIT: the server may still carry the COMMIT
    /// out, or may never have got it, so whether the command's changes were written is unknown until it answers. A stop
    /// all the same (the command ends as a stopped pipeline), never "nothing was written"; a command says the message
    /// (BmgCmdlet), and an import adds the import history entry that tells (DeviceImport.Completion).
    /// </summary>
    public sealed class CommitOutcomeUnknownException : OperationCanceledException
    {
        /// <summary>The store's words; an import adds where to look.</summary>
        public const string Unknown = "The command was stopped while the server had not answered its commit: whether its changes were written is unknown until the server answers again.";

        public CommitOutcomeUnknownException(string message, CancellationToken stop)
            : base(message, stop)
        {
        }
    }
}
