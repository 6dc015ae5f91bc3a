using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>Users: reads, batched reads, and the one write path of a user.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- users ----

        private const string UserColumns = "u.user_id, u.user_name, u.name, u.email_address, u.user_description, u.organizations";

        public User? GetUser(string userName) =>
            Single($"SELECT {UserColumns} FROM users u WHERE u.user_name = $key;", userName, ReadUser);

        public IEnumerable<User> GetUsers() =>
            Query($"SELECT {UserColumns} FROM users u ORDER BY u.user_name;", null, ReadUser);

        private User ReadUser(SqliteStatement r) => new User
        {
            RowId = r.GetInt64(0),
            UserName = r.GetString(1),
            Name = NullableString(r, 2),
            EmailAddress = NullableString(r, 3),
            UserDescription = NullableString(r, 4),
            Organizations = SplitList(NullableString(r, 5)),
        };

        public void InsertUser(User user)
        {
            user.RowId = Insert("INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($user_name, $name, $email, $description, $organizations);",
                c => BindUser(c, user));
        }

        public void UpdateUser(User user)
        {
            Run(@"UPDATE users SET user_name = $user_name, name = $name, email_address = $email, user_description = $description,
    organizations = $organizations WHERE user_id = $row_id;",
                c =>
                {
                    BindUser(c, user);
                    Set(c, "$row_id", user.RowId);
                });
        }

        public void DeleteUser(User user) =>
            Run("DELETE FROM users WHERE user_id = $row_id;", c => Set(c, "$row_id", user.RowId));

        private static void BindUser(SqliteStatement c, User user)
        {
            Set(c, "$user_name", user.UserName);
            Set(c, "$name", user.Name);
            Set(c, "$email", user.EmailAddress);
            Set(c, "$description", user.UserDescription);
            Set(c, "$organizations", JoinList(user.Organizations));
        }
    }
}
