using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Users
{
    // Each kind's ToString() is its key as an admin names it, what its Get- command takes ("$(Get-BmgUser x)" is 'x'):
    // walkthrough 25, finding 2. The types file (BizMobileGo.Types.ps1xml) names the same property for Format-Wide.
    public sealed class User : Store.IReadFromStore
    {
        public string UserName { get; set; } = "";
        public string? Name { get; set; }
        public string? EmailAddress { get; set; }
        public string? UserDescription { get; set; }
        public IReadOnlyList<string> Organizations { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The store's own immutable key of this user (null for a user not read from a store), as <see cref="Devices.Device.DeviceKey"/>
        /// is a device's: what its change history is kept under (ChangeEntry.SubjectKey), so a user removed and another created
        /// later under the same UserName are told apart (walkthrough 32, finding 9). A rename keeps it. Never reused by either store.
        /// </summary>
        public long? UserKey { get; set; }

        /// <summary>The store this user was read from (or created in), as <see cref="Devices.Device.Database"/> says it.</summary>
        public string? Database { get; set; }

        public override string ToString() => UserName;

        public User Clone() => (User)MemberwiseClone();
    }

    public sealed class Organization : Store.IReadFromStore
    {
        public Organization(string id, string name)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }
        public string Name { get; }

        /// <summary>The store whose organization this is (<see cref="Store.IReadFromStore"/>): another store's of the same Id is another customer's.</summary>
        public string? Database { get; set; }

        /// <summary>The Id: what users' Organizations hold and Get-BmgOrganization takes (the Name is for display).</summary>
        public override string ToString() => Id;
    }

    public sealed class Template : Store.IReadFromStore
    {
        public Template(string name) => Name = name;

        public string Name { get; }

        /// <summary>The store whose template this is (<see cref="Store.IReadFromStore"/>).</summary>
        public string? Database { get; set; }

        public override string ToString() => Name;
    }

    public sealed class DeviceTag : Store.IReadFromStore
    {
        public DeviceTag(string name) => Name = name;

        public string Name { get; }

        /// <summary>The store whose device tag this is (<see cref="Store.IReadFromStore"/>).</summary>
        public string? Database { get; set; }

        public override string ToString() => Name;
    }
}
