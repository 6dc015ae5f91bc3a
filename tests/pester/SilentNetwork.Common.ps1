# Dot-sourced by Postgres.SilentNetwork.Tests.ps1: a TCP proxy of this test process between a command and the test's
# PostgreSQL server that can fall silent as a dropped VPN does — its connections stay open and nothing more goes either
# way, no reset, no close (walkthrough 33a, 5). The command connects through it by the URI New-SilentNetworkUri gives.
# Closing the proxy (Dispose) resets its connections: the server then sees its sessions end. SilenceOn falls silent at a
# chosen round trip (silent34): as a command sends a statement with the given text, which the server then never gets.
# SilenceOpenConnections silences only the connections open at that moment: a reconnect gets through; ResetOnNextUse
# resets them as a command next uses one (a pooled connection that died while idle), and falls silent. PauseOn stands in
# for a server that stops answering and later goes on (SIGSTOP, a frozen VM; walkthrough 36, 5): as a command sends a
# statement with the given text, everything either way is held, not dropped, and Resume passes it on in order;
# PauseAnswerAfter does so from the middle of that statement's answer (a long result, its first bytes passed on). Held says what the
# silence kept from the server (the statements' text): the round trip a command waited in when it did not stop
# (Get-HeldRoundTrip, for Stop-Waiting's -WaitedIn); what a pause held back is in it too.
# Wait-BmgTestStop (flaky35) stands in for a pipeline's thread that the stop reached before the stop reached the commands after
# it: see its remarks.

if (-not ('BmgTests.SilencingProxy' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
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

        private volatile byte[] _pauseMarker;
        private volatile TaskCompletionSource<bool> _flowing = Flowing();

        private static TaskCompletionSource<bool> Flowing()
        {
            var flowing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            flowing.SetResult(true);
            return flowing;
        }

        /// <summary>
        /// Holds everything, either way, from the read that carries a statement holding <paramref name="text"/> on (that read
        /// too), until <see cref="Resume"/>: the server seems to stop answering mid-command, and then answers after all.
        /// </summary>
        public void PauseOn(string text) => _pauseMarker = System.Text.Encoding.UTF8.GetBytes(text);

        private volatile byte[] _answerMarker;
        private volatile bool _answerArmed;
        private long _answerLeft = -1;

        /// <summary>
        /// As <see cref="PauseOn"/>, but from the middle of the answer to the statement holding <paramref name="text"/>: its first
        /// <paramref name="bytes"/> bytes (and a little more, up to the end of the read that passes them) reach the command, the
        /// rest is held until <see cref="Resume"/> — a server that stops answering while it sends a long result (thirty-eighth round).
        /// </summary>
        public void PauseAnswerAfter(string text, long bytes)
        {
            Interlocked.Exchange(ref _answerLeft, bytes);
            _answerMarker = System.Text.Encoding.UTF8.GetBytes(text);
        }

        /// <summary>True while the proxy holds what it was given (PauseOn's statement came).</summary>
        public bool IsPaused => !_flowing.Task.IsCompleted;

        /// <summary>Passes on all it held, in order, and everything after it.</summary>
        public void Resume()
        {
            _pauseMarker = null;
            _flowing.TrySetResult(true);
        }

        private readonly StringBuilder _held = new StringBuilder();

        /// <summary>
        /// What the silence kept from the server, or a pause held back (passed on at <see cref="Resume"/>), one read a line: the
        /// statements' text (other bytes as spaces, runs of spaces as one; a cancel request, all binary, an empty line).
        /// </summary>
        public string Held { get { lock (_held) { return _held.ToString(); } } }

        /// <summary>True once the silence kept something from the server within <paramref name="limit"/>: a command's round trip is waiting.</summary>
        public bool WaitForHeld(TimeSpan limit)
        {
            DateTime until = DateTime.UtcNow + limit;
            while (Held.Length == 0)
            {
                if (DateTime.UtcNow > until) return false;
                Thread.Sleep(20);
            }

            return true;
        }

        private void Hold(byte[] buffer, int count)
        {
            var text = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                char c = (char)buffer[i];
                text.Append(c >= ' ' && c < 127 ? c : ' ');
            }

            string kept = System.Text.RegularExpressions.Regex.Replace(text.ToString(), @"\s+", " ").Trim();
            lock (_held) { _held.Append(kept).Append('\n'); }
        }

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

        private readonly List<Socket> _clients = new List<Socket>();
        private readonly HashSet<Socket> _resetOnUse = new HashSet<Socket>();
        private volatile bool _resetOnUseFired;

        /// <summary>
        /// Resets a connection open now, either way, as a command next uses it (net40): a pooled connection died with the
        /// link while idle, and that command finds it dead. Its bytes are not passed on, and from then on the
        /// proxy is silent (<see cref="Silence"/>): the command's connect again is accepted and never answered (a link that
        /// came back half: the route's first hop answers, the server never does). At the use, not at once (ci43): reset
        /// while idle, a connection the pool then closed (its pruning of idle connections, 10 s) left the command a first
        /// connect, not a connect again, into the silence. A connection the pool closes unused passes on as before; then
        /// <see cref="ResetOnUseFired"/> stays false. Returns how many connections were armed.
        /// </summary>
        public int ResetOnNextUse()
        {
            lock (_sockets)
            {
                _resetOnUseFired = false;
                _resetOnUse.Clear();
                _resetOnUse.UnionWith(_clients);
                return _resetOnUse.Count;
            }
        }

        /// <summary>True once a command used a connection <see cref="ResetOnNextUse"/> armed, and found it reset.</summary>
        public bool ResetOnUseFired => _resetOnUseFired;

        /// <summary>
        /// Whether this read of a client is a use of a connection armed to reset: its first read since, unless it is the
        /// pool closing the connection unused.
        /// </summary>
        private bool IsArmedUse(Socket client, byte[] buffer, int read)
        {
            lock (_sockets)
            {
                if (read == 0) _clients.Remove(client);
                if (!_resetOnUse.Remove(client)) return false;
                // The pool closing the connection unused: its Terminate message ('X', length 4), or the close alone.
                return !(read == 0 || (read == 5 && buffer[0] == (byte)'X'));
            }
        }

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
                lock (_sockets) { _sockets.Add(client); _sockets.Add(server); _clients.Add(client); }
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
                    if (toServer && IsArmedUse(from, buffer, read))
                    {
                        _silent = true;
                        _resetOnUseFired = true;
                        from.Close(0);
                        to.Close(0);
                        return;
                    }
                    if (toServer && !_silent && HoldsMarker(buffer, read)) { _silent = true; }
                    byte[] pauseMarker = _pauseMarker;
                    if (toServer && pauseMarker != null && !IsPaused && new ReadOnlySpan<byte>(buffer, 0, read).IndexOf(new ReadOnlySpan<byte>(pauseMarker)) >= 0)
                    {
                        _flowing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    byte[] answerMarker = _answerMarker;
                    if (toServer && answerMarker != null && new ReadOnlySpan<byte>(buffer, 0, read).IndexOf(new ReadOnlySpan<byte>(answerMarker)) >= 0)
                    {
                        _answerMarker = null;
                        _answerArmed = true;
                    }
                    else if (!toServer && _answerArmed && Interlocked.Add(ref _answerLeft, -read) < 0)
                    {
                        // This read passes the answer's allowance: it goes on, and everything after it is held.
                        _answerArmed = false;
                        int sentFirst = 0;
                        while (sentFirst < read) sentFirst += await to.SendAsync(new ArraySegment<byte>(buffer, sentFirst, read - sentFirst), SocketFlags.None);
                        _flowing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                        continue;
                    }
                    if (toServer && read > 0 && IsPaused) Hold(buffer, read);
                    await _flowing.Task;
                    if (IsSilenced(from))
                    {
                        if (read == 0) return;
                        if (toServer) Hold(buffer, read);
                        continue;
                    }
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

    /// <summary>
    /// Waits in a pipeline's script block (a piped row not yet come) until the stop, as Start-Sleep does — but its
    /// StopProcessing, once it let its own wait go, holds the thread that stops the pipeline until the command downstream
    /// has sent a round trip into the silence (<see cref="SilencingProxy.WaitForHeld"/>, at most 20 s). A stop stops the
    /// script block's own pipeline first and the outer one after; a stopping thread held between the two (by a busy machine,
    /// here on purpose) finds the outer pipeline already ending on its own thread, and PowerShell then calls no
    /// StopProcessing of the commands it is disposing (PipelineProcessor.Stop: a pipeline already stopping is not stopped
    /// again). The import downstream ends in its Dispose without its stop.
    /// </summary>
    [Cmdlet("Wait", "BmgTestStop")]
    public sealed class WaitBmgTestStopCommand : PSCmdlet
    {
        private readonly ManualResetEventSlim _stopped = new ManualResetEventSlim(false);

        [Parameter(Mandatory = true)]
        public SilencingProxy Proxy { get; set; }

        protected override void ProcessRecord()
        {
            _stopped.Wait();
            throw new PipelineStoppedException();
        }

        protected override void StopProcessing()
        {
            _stopped.Set();
            Proxy.WaitForHeld(TimeSpan.FromSeconds(20));
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

# For Stop-Waiting's -WaitedIn: the round trip a command behind the proxy waited in, as the statements the silence held.
function Get-HeldRoundTrip($Proxy) {
    "the proxy held from the server: $($Proxy.Held.Trim() -replace "`n", ' | ')"
}
