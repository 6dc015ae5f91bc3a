using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgUser", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(User))]
    public sealed class GetBmgUserCommand : BmgCmdlet
    {
        private const string PatternSet = "UserName";
        private const string LiteralSet = "LiteralUserName";

        /// <summary>User names; case-sensitive; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Get-BmgUser")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[]? UserName { get; set; }

        /// <summary>User names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] LiteralUserName { get; set; } = new string[0];

        /// <summary>
        /// Only users in an organization whose Id matches (case-sensitive; wildcards allowed), as Get-BmgDevice -DeviceTag
        /// selects devices; an exact Id no organization has is OrganizationNotFound (naming the Id of an organization whose Name
        /// it is), and a pattern that matches no Id but a Name warns (<see cref="BmgCmdlet.ReferenceFilter"/>).
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string? Organization { get; set; }

        /// <summary>
        /// Only users whose EmailAddress matches (any case; wildcards allowed): the helpdesk's "my e-mail is …". Alone, an exact
        /// address no user has is UserNotFound; with user names (typed or piped) it only filters them.
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserEmailAddressCompleter))]
        public string[]? EmailAddress { get; set; }

        // -Organization comes from the command line only: read once, its error written once however many names are piped.
        private Lazy<NameMatch?>? _organizationFilter;

        // -EmailAddress likewise: its invalid patterns said once.
        private Lazy<List<NameMatch>?>? _emailFilter;

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            _organizationFilter ??= new Lazy<NameMatch?>(() => ReferenceFilter(Organization, nameof(Organization), ReferenceKind.Organization));
            NameMatch? organization = _organizationFilter.Value;
            string[]? names = literal ? LiteralUserName : UserName;
            _emailFilter ??= new Lazy<List<NameMatch>?>(() => EmailMatches(EmailAddress, nameof(EmailAddress)));
            List<NameMatch>? email = _emailFilter.Value;
            // An -Organization that names no organization selects no user: none is read (each given name is still looked up).
            // -EmailAddress alone reads the users its addresses may match (the store's filter), not every user.
            IEnumerable<User> users = organization?.SelectsNothing == true && names == null ? Enumerable.Empty<User>()
                : email != null && names == null && !PipedWithoutKey
                    ? SelectByEmail(Core.Users.EmailLookup.UserCandidates(Store, email.Select(match => match.Text).ToList()), email, user => user.EmailAddress,
                        address => Core.Users.EmailLookup.NoUser(Store, address))
                : FindUsers(names, literal || FromPipeline(nameof(UserName))).Where(user => EmailMatch(email, user.EmailAddress));
            // One WriteObject a user, not WriteObject(users, enumerateCollection: true): PowerShell collects an enumerated
            // collection into a list before the first goes on (walkthrough 34b: Get-BmgUser of 1,000,000 users held them all, 934 MB,
            // however the store's read was paged; and a Ctrl+C waited for the whole read).
            foreach (User user in organization == null ? users : users.Where(user => user.Organizations.Any(organization.IsMatch)))
            {
                WriteObject(user);
            }
        }
    }
}
