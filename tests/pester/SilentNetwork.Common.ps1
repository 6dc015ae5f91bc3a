# Dot-sourced by Postgres.SilentNetwork.Tests.ps1: a TCP proxy of this test process between a command and the test's
# PostgreSQL server that can fall silent as a dropped VPN does — its connections stay open and nothing more goes either
# way, no reset, no close (walkthrough 33a, 5). The command connects through it by the URI New-SilentNetworkUri gives.
# Closing the proxy (Dispose) resets its connections: the server then sees its sessions end. SilenceOn falls silent at a
# chosen round trip (silent34): as a command sends a statement with the given text, which the server then never gets.
# SilenceOpenConnections silences only the connections open at that moment: a reconnect gets through.

if (-not ('BmgTests.SilencingProxy' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace BmgTests
{
    public sealed class SilencingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly List<Socket> _sockets = new List<Socket>();
        private readonly int _target;
        private volatile bool _silent;
        private volatile byte[] _marker;

        public SilencingProxy(int target)
        {
            _target = target;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>From now on nothing more is passed on, either way, on any connection; the sockets stay open.</summary>
        public void Silence() => _silent = true;

        /// <summary>
        /// Falls silent as a command sends a statement holding <paramref name="text"/> (in one read of the proxy, as a
        /// statement of a few hundred bytes is): that read is not passed on either, so the command waits in that round trip.
        /// </summary>
        public void SilenceOn(string text) => _marker = System.Text.Encoding.UTF8.GetBytes(text);

        public bool IsSilent => _silent;

        private bool HoldsMarker(byte[] buffer, int count)
        {
            byte[] marker = _marker;
            return marker != null && new ReadOnlySpan<byte>(buffer, 0, count).IndexOf(new ReadOnlySpan<byte>(marker)) >= 0;
        }

        /// <summary>
        /// From now on nothing more is passed on over the connections open now (their sockets stay open); a connection made
        /// later passes as before: the link dropped mid-command, and the next connect finds a new route to the server.
        /// </summary>
        public void SilenceOpenConnections()
        {
            lock (_sockets) { foreach (Socket socket in _sockets) _silenced.Add(socket); }
        }

        private readonly HashSet<Socket> _silenced = new HashSet<Socket>();

        private bool IsSilenced(Socket socket)
        {
            if (_silent) return true;
            lock (_sockets) { return _silenced.Contains(socket); }
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync(); }
                catch (Exception) { return; }
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try { await server.ConnectAsync(IPAddress.Loopback, _target); }
                catch (Exception) { client.Close(0); server.Dispose(); continue; }
                lock (_sockets) { _sockets.Add(client); _sockets.Add(server); }
                _ = PumpAsync(client, server, toServer: true);
                _ = PumpAsync(server, client, toServer: false);
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool toServer)
        {
            var buffer = new byte[65536];
            try
            {
                while (true)
                {
                    int read = await from.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None);
                    if (toServer && !_silent && HoldsMarker(buffer, read)) { _silent = true; }
                    if (IsSilenced(from)) { if (read == 0) return; continue; }
                    if (read == 0) { to.Shutdown(SocketShutdown.Send); return; }
                    int sent = 0;
                    while (sent < read) sent += await to.SendAsync(new ArraySegment<byte>(buffer, sent, read - sent), SocketFlags.None);
                }
            }
            catch (Exception) { }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_sockets)
            {
                foreach (Socket socket in _sockets)
                {
                    try { socket.Close(0); } catch (Exception) { }
                }
            }
        }
    }
}
'@
}

# The store's URI with its host and port replaced by the proxy's.
function New-SilentNetworkUri([string] $Uri, $Proxy, [string] $Query = '') {
    $through = $Uri -replace '@[^/@]+/', "@127.0.0.1:$($Proxy.Port)/"
    if ($Query) { $through += ($(if ($through.Contains('?')) { '&' } else { '?' }) + $Query) }
    $through
}
