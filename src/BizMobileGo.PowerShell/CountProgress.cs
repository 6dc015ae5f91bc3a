using System;
using System.Diagnostics;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A progress line for a command that goes through a count of things it can't total cheaply (entries walked, rows written,
    /// entries shown): shown only once the command has run a second, then at most four times a second, with the count so far
    /// (no percentage), as the import and the renames show theirs (walkthrough 34b, finding 5). A short command shows nothing.
    /// </summary>
    internal sealed class CountProgress
    {
        private static readonly TimeSpan ShownAfter = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan ShownEvery = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly int _id;
        private readonly string _activity;
        private readonly Func<long, string> _status;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _shownAt;
        private ProgressRecord? _shown;

        /// <param name="id">The line's ActivityId, apart from the command's other lines (the writer-lock wait's).</param>
        /// <param name="status">The line's text for the count so far ("Walking the change history: 12,000 entries").</param>
        public CountProgress(Cmdlet cmdlet, int id, string activity, Func<long, string> status)
        {
            _cmdlet = cmdlet;
            _id = id;
            _activity = activity;
            _status = status;
        }

        /// <summary>The count so far; cheap enough to tell after each thing (a clock read).</summary>
        public void Tell(long count)
        {
            TimeSpan now = _clock.Elapsed;
            if (now < ShownAfter || (_shown != null && now - _shownAt < ShownEvery))
            {
                return;
            }

            // A record a line, not one changed in place: a host that keeps them (PowerShell.Streams.Progress) keeps each as it was.
            _shown = new ProgressRecord(_id, _activity, _status(count));
            _shownAt = now;
            _cmdlet.WriteProgress(_shown);
        }

        /// <summary>The line goes (before a prompt, and once the command is done).</summary>
        public void End()
        {
            if (_shown != null)
            {
                _cmdlet.TakeDown(new ProgressRecord(_id, _shown.Activity, _shown.StatusDescription) { RecordType = ProgressRecordType.Completed });
                _shown = null;
            }
        }
    }
}
