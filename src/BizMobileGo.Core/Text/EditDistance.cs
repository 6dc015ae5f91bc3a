using System;

namespace BizMobileGo.Core.Text
{
    /// <summary>How far apart two typed names are: the one measure of every "did you mean" that allows a typo.</summary>
    public static class EditDistance
    {
        /// <summary>
        /// The edits between two names, an adjacent transposition counting as one (optimal string alignment): 'Serail' and
        /// 'Seiral' are one edit from 'Serial', as 'Serila' is. Plain Levenshtein counted a swap as two, more than a piped
        /// property is allowed, so `Import-Csv | Set-BmgDeviceDepEnrollment` with a 'Serail' column turned DEP on with the
        /// device's old serial without a word (walkthrough 28, finding 4).
        /// </summary>
        public static int Between(string a, string b)
        {
            var beforePrevious = new int[b.Length + 1];
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    int distance = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        distance = Math.Min(distance, beforePrevious[j - 2] + 1);
                    }

                    current[j] = distance;
                }

                int[] oldest = beforePrevious;
                beforePrevious = previous;
                previous = current;
                current = oldest;
            }

            return previous[b.Length];
        }
    }
}
