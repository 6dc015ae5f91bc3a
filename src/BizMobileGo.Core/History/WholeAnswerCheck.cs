using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Whether an answer of Get-BmgDeviceHistory / Get-BmgUserHistory can lack what a Clear-BmgHistory took, watched entry by
    /// entry as the answer is written (nothing kept but a count, the oldest time and the subjects whose created entry went by).
    /// The answer is whole from <see cref="WholeFrom"/> on; <see cref="ChangeHistory.ClearedWindowWarning"/> says nothing when
    /// that is at or after the clear's date.
    /// </summary>
    public sealed class WholeAnswerCheck
    {
        private readonly HashSet<string>? _created;
        private int _count;
        private DateTimeOffset? _oldest;

        /// <param name="createdKept">
        /// Whether the query keeps every created entry of its subjects (no -Field, -User, or -Action without Created): only then
        /// does a subject's missing created entry say that a clear took its older entries.
        /// </param>
        public WholeAnswerCheck(bool createdKept)
        {
            _created = createdKept ? new HashSet<string>(StringComparer.Ordinal) : null;
        }

        /// <summary>One entry of the answer.</summary>
        public void Add(ChangeEntry entry)
        {
            _count++;
            if (_oldest is not DateTimeOffset oldest || entry.AtUtc < oldest)
            {
                _oldest = entry.AtUtc;
            }

            if (entry.Action == ChangeAction.Created)
            {
                _created?.Add(entry.SubjectKey);
            }
        }

        /// <summary>
        /// The time from which the answer is known whole: <see cref="DateTimeOffset.MaxValue"/> when each subject asked for
        /// (<paramref name="subjectKeys"/>; null: every subject, which no answer can vouch for) has its created entry in it, as its
        /// whole life came after any clear (tamper36); else, of the newest <paramref name="asked"/> entries (-Last) all found, the
        /// oldest one's time (<see cref="ChangeHistory.NewestWholeFrom(int?, int, DateTimeOffset?)"/>, Get-BmgImportHistory's rule,
        /// walkthrough 44, 5); else null.
        /// </summary>
        public DateTimeOffset? WholeFrom(int? asked, IEnumerable<string>? subjectKeys)
        {
            if (_created != null && subjectKeys != null && AllCreated(subjectKeys))
            {
                return DateTimeOffset.MaxValue;
            }

            return ChangeHistory.NewestWholeFrom(asked, _count, _oldest);
        }

        private bool AllCreated(IEnumerable<string> subjectKeys)
        {
            foreach (string key in subjectKeys)
            {
                if (!_created!.Contains(key))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The time from which every one of several answers is whole (the earliest), or null when one is not known whole.</summary>
        public static DateTimeOffset? Earliest(IEnumerable<DateTimeOffset?> wholeFroms)
        {
            DateTimeOffset earliest = DateTimeOffset.MaxValue;
            foreach (DateTimeOffset? wholeFrom in wholeFroms)
            {
                if (wholeFrom is not DateTimeOffset time)
                {
                    return null;
                }

                earliest = time < earliest ? time : earliest;
            }

            return earliest;
        }
    }
}
