# Dot-sourced by the tests that send mail: starts and stops the real SMTP test server
# (tests/servers/smtp_test_server.py, Python's standard library only) on a free loopback port, reads
# what it received, and makes a test certificate authority and server certificate for STARTTLS.

$script:SmtpServerScript = Join-Path $PSScriptRoot 'smtp_test_server.py'

function Start-SmtpTestServer {
    <# Starts a server; returns Process, Port and MailDir. Stop it with Stop-SmtpTestServer (in AfterAll/finally). #>
    param([string[]] $Arguments = @(), [string] $BindAddress = '127.0.0.1')
    $mailDir = Join-Path $TestDrive ("mail-{0}" -f [guid]::NewGuid().ToString('N'))
    # Forked by this process's launcher (Get-SmtpServerLauncher), which has Python's start and imports behind it.
    $launcher = Get-SmtpServerLauncher
    $launcher.StandardInput.WriteLine((ConvertTo-Json -Compress -InputObject @(@('--host', $BindAddress, '--port', '0', '--maildir', $mailDir) + $Arguments)))
    $ready = $launcher.StandardOutput.ReadLineAsync()
    # Its line once it listens; the guard (load-scaled: tests/pester/HangGuard.ps1, loaded by Common.ps1) only
    # stops a launcher that never answers.
    $guard = New-HangGuard 20
    while (-not $ready.Wait(500) -and -not (Test-HangGuardSpent $guard)) { }
    if (-not $ready.IsCompleted -or $ready.Result -notmatch '^READY (\d+) (\d+)$') {
        if (-not $ready.IsCompleted -and -not $launcher.HasExited) { $launcher.Kill() }   # the next start makes a new one
        throw "The SMTP test server did not start (python3 $script:SmtpServerScript): '$(if ($ready.IsCompleted) { $ready.Result })'"
    }
    [pscustomobject]@{ Process = [System.Diagnostics.Process]::GetProcessById([int]$Matches[2]); Port = [int]$Matches[1]; MailDir = $mailDir }
}

function Get-SmtpServerLauncher {
    <#
    The process (smtp_test_server.py --fork-servers) that forks this test process's SMTP servers: one for the whole test
    process, kept in a global so that each test file reuses it; a new one if it has ended. A Python start with the
    server's imports costs ~0.7 CPU s, a few seconds of wall on a loaded machine, and CheckInEmailDelivery.Tests.ps1
    alone starts 44 servers (PERFORMANCE.md, ci46). It ends when this process does (its stdin closes), its servers then.
    #>
    if ($global:BmgSmtpServerLauncher -and -not $global:BmgSmtpServerLauncher.HasExited) { return $global:BmgSmtpServerLauncher }
    $start = [System.Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($a in @('-u', $script:SmtpServerScript, '--fork-servers')) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $PSScriptRoot   # never a test's folder that may be gone by then
    $global:BmgSmtpServerLauncher = [System.Diagnostics.Process]::Start($start)
    $global:BmgSmtpServerLauncher
}

function Stop-SmtpTestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $null = $Server.Process.WaitForExit(5000)
    }
}

function Get-ReceivedMail($Server) {
    <# One object per message the server accepted: envelope, TLS, decoded subject, both parts, the raw file. #>
    @(Read-CompleteLines (Join-Path $Server.MailDir 'messages.jsonl') | ForEach-Object { $_ | ConvertFrom-Json })
}

function Get-ServerEvent($Server) {
    <# What the server refused or dropped on purpose. #>
    @(Read-CompleteLines (Join-Path $Server.MailDir 'events.jsonl') | ForEach-Object { $_ | ConvertFrom-Json })
}

function Read-CompleteLines([string] $Log) {
    <#
    The lines of one of the server's logs that it has finished writing. A test polls a log while the server appends to
    it: a record caught half-written has no newline yet, and is left for the next read instead of failing as bad JSON.
    #>
    if (-not (Test-Path -LiteralPath $Log)) { return }
    $text = [System.IO.File]::ReadAllText($Log, [System.Text.UTF8Encoding]::new($false))
    $complete = $text.Substring(0, $text.LastIndexOf("`n") + 1)
    $complete -split "`n" | Where-Object { $_ }
}

function New-TestCertificate {
    <#
    A certificate authority and a server certificate it signs for localhost and 127.0.0.1, as PEM files
    under $TestDrive, made with .NET at test time. Returns CaFile, CertFile, KeyFile.
    #>
    $directory = Join-Path $TestDrive ("tls-{0}" -f [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $directory
    $X509 = 'System.Security.Cryptography.X509Certificates'
    $now = [DateTimeOffset]::UtcNow
    # ECDSA P-256: a key is made in a millisecond, where RSA takes seconds on a loaded machine.
    $curve = [System.Security.Cryptography.ECCurve+NamedCurves]::nistP256
    $caKey = [System.Security.Cryptography.ECDsa]::Create($curve)
    $caRequest = New-Object "$X509.CertificateRequest" 'CN=BizMobileGo Test CA', $caKey, ([System.Security.Cryptography.HashAlgorithmName]::SHA256)
    $caRequest.CertificateExtensions.Add((New-Object "$X509.X509BasicConstraintsExtension" $true, $false, 0, $true))
    $caRequest.CertificateExtensions.Add((New-Object "$X509.X509KeyUsageExtension" ([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]'KeyCertSign, CrlSign'), $true))
    $ca = $caRequest.CreateSelfSigned($now.AddDays(-1), $now.AddDays(30))

    $serverKey = [System.Security.Cryptography.ECDsa]::Create($curve)
    $serverRequest = New-Object "$X509.CertificateRequest" 'CN=localhost', $serverKey, ([System.Security.Cryptography.HashAlgorithmName]::SHA256)
    $names = New-Object "$X509.SubjectAlternativeNameBuilder"
    $names.AddDnsName('localhost')
    $names.AddIpAddress([System.Net.IPAddress]::Loopback)
    $serverRequest.CertificateExtensions.Add($names.Build())
    $serverRequest.CertificateExtensions.Add((New-Object "$X509.X509BasicConstraintsExtension" $false, $false, 0, $true))
    $usage = [System.Security.Cryptography.OidCollection]::new()
    $null = $usage.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
    $serverRequest.CertificateExtensions.Add((New-Object "$X509.X509EnhancedKeyUsageExtension" $usage, $false))
    $serial = [byte[]](1..16 | ForEach-Object { Get-Random -Maximum 256 })
    $serial[0] = $serial[0] -band 0x7F
    $server = $serverRequest.Create($ca, $now.AddDays(-1), $now.AddDays(29), $serial)

    $result = [pscustomobject]@{
        CaFile   = Join-Path $directory 'ca.pem'
        CertFile = Join-Path $directory 'server.pem'
        KeyFile  = Join-Path $directory 'server.key'
    }
    Set-Content -LiteralPath $result.CaFile -Value $ca.ExportCertificatePem() -Encoding ascii
    Set-Content -LiteralPath $result.CertFile -Value $server.ExportCertificatePem() -Encoding ascii
    Set-Content -LiteralPath $result.KeyFile -Value $serverKey.ExportPkcs8PrivateKeyPem() -Encoding ascii
    $result
}
