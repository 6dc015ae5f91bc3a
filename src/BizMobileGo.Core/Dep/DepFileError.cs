using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// An error of a DEP file as a whole, not of one entry (its fetched_until, a profile's name): its error, and
    /// <see cref="Problem"/>, what is wrong without the file's name ("fetched_until: fetched_until 'yesterday' is not
    /// valid: …"), for a message that names the file once and counts the failed entries apart from it (left42).
    /// </summary>
    public sealed class DepFileError
    {
        internal DepFileError(BmgException error, string problem)
        {
            Error = error;
            Problem = problem;
        }

        public BmgException Error { get; }

        public string Problem { get; }
    }
}
