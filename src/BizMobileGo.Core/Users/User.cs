using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Users
{
    public sealed class User
    {

        public string UserName { get; set; } = "";
        public string? Name { get; set; }
        public string? EmailAddress { get; set; }
        public string? UserDescription { get; set; }
        public IReadOnlyList<string> Organizations { get; set; } = Array.Empty<string>();

        public User Clone() => (User)MemberwiseClone();
    }

    public sealed class Organization
    {
        public Organization(string id, string name)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }
        public string Name { get; }
    }

    public sealed class Template
    {
        public Template(string name) => Name = name;

        public string Name { get; }
    }

    public sealed class DeviceTag
    {
        public DeviceTag(string name) => Name = name;

        public string Name { get; }
    }
}
