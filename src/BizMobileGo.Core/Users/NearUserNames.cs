namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// The "did you mean" of a user name that no user has (<see cref="UserNameHint.DidYouMean(string, System.Linq.ILookup{string, string})"/>):
    /// its text, and whether a user it names differs in width, not only in case.
    /// </summary>
    /// <param name="Hint">"did you mean 'tanaka'? (user names are case-sensitive)", as every message says it.</param>
    /// <param name="OtherWidth">
    /// A user named differs in width ('ｋ００２' for 'k002'): then creating the name given is all but surely the twin the admin
    /// did not mean, and no message advises it.
    /// </param>
    public sealed record NearUserNames(string Hint, bool OtherWidth);
}
