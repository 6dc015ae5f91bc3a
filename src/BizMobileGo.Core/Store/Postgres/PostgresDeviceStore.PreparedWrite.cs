using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// A chunk's batch built ahead of its write (<see cref="IPreparesChanges"/>): an import's planning thread builds the
    /// next chunk's statements and their arrays while the chunk before is being written, and the writing thread only
    /// takes the new users' keys, writes them into the arrays' slots and sends the batch (fortieth round, PERFORMANCE.md:
    /// the server waited for the writing thread about half of P1's writing, and the planning thread waited for the write).
    /// </summary>
    public sealed partial class PostgresDeviceStore : IPreparesChanges
    {
        /// <summary>
        /// The statements of a chunk's batch, the changes each writes (for the history), the rows added, and where the new
        /// users' keys go once taken: the keys are the store's state (the keys taken ahead by the batch before), the rest
        /// is the changes' alone.
        /// </summary>
        private sealed class PreparedWrite : PreparedChanges
        {
            // Per run of inserts, in the batch's order: its users' keys ($6 of InsertUsersWithKeysSql), and its devices' user
            // keys ($24 of InsertDevicesSql) with, for each device, the index of its user among the run's (-1: not the run's).
            private readonly List<(long[] Users, int[]? DeviceUsers, long?[]? Devices)> _userKeySlots = new List<(long[], int[]?, long?[]?)>();

            public PreparedWrite(IReadOnlyList<StoreChange> changes, bool takesUserKeys)
                : base(changes)
            {
                TakesUserKeys = takesUserKeys;
            }

            public List<NpgsqlBatchCommand> Commands { get; } = new List<NpgsqlBatchCommand>();

            public List<List<int>> Covers { get; } = new List<List<int>>();

            /// <summary>The batch sends its new users' keys, taken from the users' sequence when it is sent (TakesUserKeys).</summary>
            public bool TakesUserKeys { get; }

            public int AddedUsers { get; set; }

            public int AddedDevices { get; set; }

            public void AddUserKeySlots(long[] users, int[]? deviceUsers, long?[]? devices) => _userKeySlots.Add((users, deviceUsers, devices));

            /// <summary>Writes <paramref name="keys"/> (one a new user, in the changes' order) into the runs' arrays.</summary>
            [MethodImpl(PerRowCode.Compile)]
            public void FillUserKeys(long[] keys)
            {
                int next = 0;
                foreach ((long[] users, int[]? deviceUsers, long?[]? devices) in _userKeySlots)
                {
                    for (int i = 0; i < users.Length; i++)
                    {
                        users[i] = keys[next++];
                    }

                    if (deviceUsers != null)
                    {
                        for (int i = 0; i < deviceUsers.Length; i++)
                        {
                            devices![i] = deviceUsers[i] < 0 ? null : users[deviceUsers[i]];
                        }
                    }
                }
            }
        }
    }
}
