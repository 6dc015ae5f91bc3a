# Issue 14: check-in emails are sent, through a real SMTP server that the tests start and stop
# (tests/servers/smtp_test_server.py), and read back: headers, both parts, the Japanese subject.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/../servers/SmtpTestServer.ps1

    $script:CheckInUrl = 'https://mdm.example.com/checkin'

    # The retries within a run wait 50 ms, doubled, not the product's 1 s, doubled: a test-only setting the module reads
    # as each send begins (SmtpSettings.TestRetryDelayVariable), inherited by the child pwsh this file starts. The
    # refused connection's three tries (14.2 Connecting) run with it unset: the real back-off, end to end.
    $script:RetryDelayBefore = $env:BMG_TEST_SMTP_RETRY_DELAY_MS
    $env:BMG_TEST_SMTP_RETRY_DELAY_MS = '50'

    # A loopback port that refuses every connection, as a server that is down: bound by this socket (no listen), so no
    # other process (an SMTP or PostgreSQL test server of a part running beside this one) can take it meanwhile, as it
    # could a port found free and let go. Dispose it when done.
    function New-RefusingPort {
        $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
        $socket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $socket
    }

    # The parameters of a send to a test server.
    function Get-SendParameters($Server, [string] $SmtpHost = '127.0.0.1') {
        @{ SmtpServer = $SmtpHost; Port = $Server.Port; From = 'BizMobileGo <mdm@example.com>'; CheckInUrl = $script:CheckInUrl }
    }

    function New-Devices([int] $Count, [string] $Prefix = 'dev') {
        foreach ($n in 1..$Count) {
            New-BmgDevice -Identifier ('{0}{1:d2}' -f $Prefix, $n) -OS ios -RegistrationEmail ('user{0}@example.com' -f $n) | Out-Null
        }
    }

    # One statement run by hand on the test's store (a SQLite file, or a PostgreSQL database through psql), to
    # make the data an older version of the module left behind.
    function Invoke-OutboxSql([string] $Database, [string] $Sql) {
        if ((Get-TestStoreKind) -eq 'postgres') { $null = Invoke-PostgresTestSql -Uri $Database -Sql $Sql; return }
        $connection = New-SqliteConnection "Data Source=$Database;Pooling=False"
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = $Sql
            $null = $command.ExecuteNonQuery()
        } finally { $connection.Dispose() }
    }

    # The check-in codes never appear in what a user sees by default.
    function Get-DefaultView($Objects) { ($Objects | Format-Table | Out-String -Width 250) + ($Objects | Format-List | Out-String -Width 250) }

    # A child pwsh that sends the outbox (for the concurrency and kill tests); prints 'started', then 'done'.
    $script:SenderScript = Join-Path $TestDrive 'sender.ps1'
    Set-Content -LiteralPath $script:SenderScript -Value @'
param([string] $Module, [string] $Database, [int] $Port)
$ErrorActionPreference = 'Stop'
Import-Module $Module
[Console]::Out.WriteLine('started')
Send-BmgCheckInEmail -Database $Database -SmtpServer 127.0.0.1 -Port $Port -From 'mdm@example.com' -CheckInUrl 'https://mdm.example.com/checkin'
[Console]::Out.WriteLine('done')
'@
    function Start-Sender([string] $Database, $Server) {
        Start-BmgChild $script:SenderScript @('-Database', $Database, '-Port', $Server.Port)
    }
}

AfterAll { $env:BMG_TEST_SMTP_RETRY_DELAY_MS = $script:RetryDelayBefore }

Describe '14.1 Sending through a real SMTP server' {
    BeforeAll {
        $script:server = Start-SmtpTestServer
        $script:send = Get-SendParameters $script:server
    }
    AfterAll { Stop-SmtpTestServer $script:server }

    BeforeEach {
        New-TestStore | Out-Null
        $script:before = (Get-ReceivedMail $script:server).Count
    }

    It '14.1 sends each pending entry once: both parts, headers, the Japanese subject intact, Sent with reply and time' {
        New-BmgUser -UserName 'yamada' -Name '山田 太郎' | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS ios -DisplayName '山田のiPhone' -UserName 'yamada' -RegistrationEmail 'yamada@example.com' -ExpirationDays 10 | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS android -RegistrationEmail 'bob@example.com' | Out-Null
        $queued = @(Get-BmgCheckInEmail)

        Send-BmgCheckInEmail @send -Culture 'ja-JP'

        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail | Should -HaveCount 2
        $sent = @(Get-BmgCheckInEmail)
        $sent.Status | Should -Be @('Sent', 'Sent')
        $sent.Attempts | Should -Be @(1, 1)
        foreach ($email in $sent) { $email.SentAt | Should -BeGreaterOrEqual $email.QueuedAt; $email.ServerReply | Should -BeLike '250 *queued as TEST*' }

        $first = $mail | Where-Object email_id -EQ $queued[0].Id
        $first.subject | Should -BeExactly '端末「山田のiPhone」のチェックインのお願い'
        $first.raw_headers_ascii | Should -BeTrue -Because 'non-ASCII headers are RFC 2047 encoded'
        (Get-Content -Raw -LiteralPath $first.file) | Should -Match '(?m)^Subject: =\?utf-8\?'
        $first.content_type | Should -Be 'multipart/alternative'
        $first.content_language | Should -Be 'ja'
        $first.text_charset | Should -Be 'utf-8'
        $first.rcpt_tos | Should -Be @('yamada@example.com')
        $first.mail_from | Should -Be 'mdm@example.com'
        $first.message_id | Should -Be "<$($sent[0].MessageId)>"
        $first.text | Should -Match ([regex]::Escape("チェックインコード: $($queued[0].Code | ConvertFrom-SecureString -AsPlainText)"))
        $first.text | Should -Match '山田 太郎 様'
        $first.text | Should -Match ([regex]::Escape($CheckInUrl))
        $deadline = $queued[0].QueuedAt.AddDays(10).ToLocalTime().ToString("yyyy'年'M'月'd'日' HH:mm", [cultureinfo]::InvariantCulture)
        $first.text | Should -Match ([regex]::Escape($deadline))
        $first.html | Should -Match ([regex]::Escape("<b>$($queued[0].Code | ConvertFrom-SecureString -AsPlainText)</b>"))
        $first.html | Should -Match '<b>山田のiPhone（dev01）</b>'
    }

    It '14.1 a sent email names who sent it in its StatusReason, as a marked one names who marked it (walk46, 3)' {
        # On a store a team shares, "who mailed this code?": the claim that named the sender while it sent is cleared once
        # the email is Sent, so the entry itself keeps who sent it.
        New-Devices 2
        Send-BmgCheckInEmail @send -Identifier 'dev01'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Pending')
        $emails[0].StatusReason | Should -BeExactly "Sent by '$([Environment]::UserName)' on '$([Environment]::MachineName)' (Send-BmgCheckInEmail)."
        $emails[1].StatusReason | Should -BeNullOrEmpty -Because 'nobody has sent the pending one'
        (Get-ReceivedMail $server | Select-Object -Skip $before).rcpt_tos | Should -Be @('user1@example.com')
    }

    It '14.1 English by -Culture, Japanese by the session UI culture' {
        New-Devices 2
        Send-BmgCheckInEmail @send -Identifier 'dev01' -Culture 'en-US'
        $saved = [cultureinfo]::CurrentUICulture
        try {
            [cultureinfo]::CurrentUICulture = 'ja-JP'
            Send-BmgCheckInEmail @send -Identifier 'dev02'
        } finally {
            [cultureinfo]::CurrentUICulture = $saved
        }
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail.subject | Should -Be @('Check in your device dev01', '端末「dev02」のチェックインのお願い')
        $mail[0].text | Should -Match 'Check-in code: \w+'
        $mail[0].content_language | Should -Be 'en'
    }

    It '14.1 takes the server, sender and URL from $env:BMG_SMTP_SERVER, BMG_SMTP_FROM, BMG_CHECKIN_URL and $PSDefaultParameterValues' {
        New-Devices 2
        $saved = $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL
        try {
            $env:BMG_SMTP_SERVER = '127.0.0.1'; $env:BMG_SMTP_FROM = 'env-sender@example.org'; $env:BMG_CHECKIN_URL = 'https://env.example.org/c'
            $PSDefaultParameterValues['Send-BmgCheckInEmail:Port'] = $server.Port
            Send-BmgCheckInEmail -Identifier 'dev01'
            $PSDefaultParameterValues['Send-BmgCheckInEmail:From'] = 'defaults@example.net'
            Send-BmgCheckInEmail -Identifier 'dev02'
        } finally {
            $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL = $saved
            $PSDefaultParameterValues.Remove('Send-BmgCheckInEmail:Port')
            $PSDefaultParameterValues.Remove('Send-BmgCheckInEmail:From')
        }
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail.mail_from | Should -Be @('env-sender@example.org', 'defaults@example.net')
        $mail[0].text | Should -Match 'https://env\.example\.org/c'
    }

    It '14.1 without a server, a sender or a check-in URL it stops before anything is claimed' {
        New-Devices 1
        $saved = $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL
        try {
            $env:BMG_SMTP_SERVER = $null; $env:BMG_SMTP_FROM = $null; $env:BMG_CHECKIN_URL = $null
            { Send-BmgCheckInEmail -From 'a@example.com' -CheckInUrl $CheckInUrl } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
            { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -CheckInUrl $CheckInUrl } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
            { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -From 'not an address' -CheckInUrl $CheckInUrl } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
            $e = { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -From 'a@example.com' } | Should -Throw -ErrorId 'CheckInUrlMissing,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        } finally {
            $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL = $saved
        }
        (Get-BmgCheckInEmail).Status | Should -Be 'Pending'
        (Get-BmgCheckInEmail).Attempts | Should -Be 0
    }

    It '14.1 the built-in templates name a device once when it has no DisplayName or its DisplayName is its Identifier' {
        New-BmgDevice -Identifier 'ipad-1' -OS ios -RegistrationEmail 'one@example.com' | Out-Null
        New-BmgDevice -Identifier 'ipad-2' -OS ios -DisplayName 'IPAD-2' -RegistrationEmail 'two@example.com' | Out-Null
        New-BmgDevice -Identifier 'ipad-3' -OS ios -DisplayName 'Tablet <3>' -RegistrationEmail 'three@example.com' | Out-Null
        New-BmgDevice -Identifier 'ipad-4' -OS ios -DisplayName '山田のiPad' -RegistrationEmail 'four@example.com' | Out-Null
        New-BmgDevice -Identifier 'ipad-5' -OS ios -DisplayName 'ipad-5' -RegistrationEmail 'five@example.com' | Out-Null
        Send-BmgCheckInEmail @send -Culture en-US -Identifier 'ipad-[123]'
        Send-BmgCheckInEmail @send -Culture ja-JP -Identifier 'ipad-4', 'ipad-5'
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail | Should -HaveCount 5
        $mail[0].text | Should -Match 'Your device ipad-1 is registered'
        $mail[0].html | Should -Match '<b>ipad-1</b> is registered'
        $mail[1].text | Should -Match 'Your device IPAD-2 is registered'
        $mail[2].text | Should -Match 'Your device Tablet <3> \(ipad-3\) is registered'
        $mail[2].html | Should -Match '<b>Tablet &lt;3&gt; \(ipad-3\)</b> is registered'
        foreach ($message in $mail) { "$($message.text)$($message.html)" | Should -Not -Match 'ipad-(\d) \(ipad-\1\)|IPAD-2 \(ipad-2\)' }
        $mail[3].text | Should -Match '端末「山田のiPad（ipad-4）」が'
        $mail[4].text | Should -Match '端末「ipad-5」が'
        $mail[4].html | Should -Match '端末「<b>ipad-5</b>」が'
    }

    It '14.1 a check-in URL without a scheme, or not http(s), is refused naming the value and where it came from; nothing is claimed' {
        New-Devices 1
        $sendWithoutUrl = @{} + $send
        $sendWithoutUrl.Remove('CheckInUrl')
        $e = { Send-BmgCheckInEmail @sendWithoutUrl -CheckInUrl 'mdm.example.com/checkin' } | Should -Throw -ErrorId 'CheckInUrlInvalid,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be 'mdm.example.com/checkin'
        $e.Exception.Message | Should -Match "'mdm\.example\.com/checkin' \(-CheckInUrl\).*https://.*no scheme"
        $e = { Send-BmgCheckInEmail @sendWithoutUrl -CheckInUrl 'ftp://mdm.example.com/checkin' -WhatIf } | Should -Throw -ErrorId 'CheckInUrlInvalid,*' -PassThru
        $e.Exception.Message | Should -Match "scheme is 'ftp'"
        $saved = $env:BMG_CHECKIN_URL
        try {
            $env:BMG_CHECKIN_URL = 'mdm.example.com'
            $e = { Send-BmgCheckInEmail @sendWithoutUrl } | Should -Throw -ErrorId 'CheckInUrlInvalid,*' -PassThru
            $e.Exception.Message | Should -Match ([regex]::Escape("'mdm.example.com' (`$env:BMG_CHECKIN_URL)"))
        } finally {
            $env:BMG_CHECKIN_URL = $saved
        }
        (Get-BmgCheckInEmail).Status | Should -Be 'Pending'
        (Get-BmgCheckInEmail).Attempts | Should -Be 0
        @(Get-ReceivedMail $server).Count | Should -Be $script:before
        Send-BmgCheckInEmail @sendWithoutUrl -CheckInUrl 'http://mdm.example.com:8080/checkin?site=tokyo'
        (Get-BmgCheckInEmail).Status | Should -Be 'Sent'
        (Get-ReceivedMail $server | Select-Object -Last 1).text | Should -Match ([regex]::Escape('http://mdm.example.com:8080/checkin?site=tokyo'))
    }

    It '14.1 a check-in URL with white space around it is checked and sent as one value, trimmed' {
        New-Devices 1
        $sendSpaced = @{} + $send
        $sendSpaced.CheckInUrl = "  $CheckInUrl `t"
        Send-BmgCheckInEmail @sendSpaced -Culture en-US
        (Get-BmgCheckInEmail).Status | Should -Be 'Sent'
        $mail = Get-ReceivedMail $server | Select-Object -Last 1
        $mail.html | Should -Match ([regex]::Escape("href=""$CheckInUrl"">$CheckInUrl</a>"))
        $mail.text | Should -Match ("(?m)Check in at:\s+" + [regex]::Escape($CheckInUrl) + "\r?$")
    }

    It '14.1 a template without {{CheckInUrl}} needs no check-in URL: a broken one is not checked, and -Verbose says it is not used' {
        New-Devices 1
        $template = Join-Path $TestDrive 'no-url.txt'
        Set-Content -LiteralPath $template -Encoding utf8NoBOM -Value "Subject: Code for {{Identifier}}`n`nYour code: {{Code}}"
        $sendBroken = @{} + $send
        $sendBroken.CheckInUrl = 'mdm.example.com/checkin'
        $run = Invoke-Captured { Send-BmgCheckInEmail @sendBroken -TemplatePath $template -Verbose 4>&1 }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        @($run.Output.Message) | Should -Contain 'The template has no {{CheckInUrl}} placeholder: the check-in URL (-CheckInUrl) is not used, and not checked.'
        (Get-BmgCheckInEmail).Status | Should -Be 'Sent'
        (Get-ReceivedMail $server | Select-Object -Last 1).text | Should -Not -Match 'mdm\.example\.com'
    }

    It '14.1 -WhatIf shows who would get what, without the code, and sends and changes nothing' {
        New-Devices 2
        $codes = (Get-BmgCheckInEmail).Code | ConvertFrom-SecureString -AsPlainText
        $before = Get-StoreSnapshot
        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive 'whatif-transcript.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            Send-BmgCheckInEmail @send -Culture en-US -WhatIf
        } finally {
            $null = Stop-Transcript
        }
        $output = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
        $output | Should -Match "What if: .*Send check-in email 'Check in your device dev01'.* on target .email 1 to 'user1@example\.com' for device 'dev01'"
        $output | Should -Match "What if: .*Send check-in email 'Check in your device dev02'.* on target .email 2 to 'user2@example\.com' for device 'dev02'"
        foreach ($code in $codes) { $output | Should -Not -Match $code }
        Get-StoreSnapshot | Should -Be $before
        @(Get-ReceivedMail $server).Count | Should -Be $script:before
    }

    It '14.1 -PassThru writes one result per message, and nothing without it' {
        New-Devices 3
        Send-BmgCheckInEmail @send -Identifier 'dev01' | Should -BeNullOrEmpty
        $results = @(Send-BmgCheckInEmail @send -PassThru)
        $results | Should -HaveCount 2
        $results.Identifier | Should -Be @('dev02', 'dev03')
        $results.Status | Should -Be @('Sent', 'Sent')
        $results.MessageId | Should -Not -Contain $null
    }

    # Round 37 (fixs37 item 2): the verbose line said "The outbox has no pending check-in emails." with two pending.
    It '14.1 a pipeline that carries nothing sends nothing, and -Verbose says nothing was piped, not that the outbox is empty' {
        New-Devices 2
        $run = Invoke-Captured { @() | Send-BmgCheckInEmail @send -Verbose 4>&1 }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        "$($run.Output)" | Should -BeLike "*Nothing was piped to Send-BmgCheckInEmail; no email was sent, and the outbox's pending emails were left alone*"
        "$($run.Output)" | Should -Not -BeLike '*no pending*'
        @(Get-ReceivedMail $server | Select-Object -Skip $before) | Should -HaveCount 0
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')

        # The bare command line still sends them all.
        Send-BmgCheckInEmail @send
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
    }

    It '14.1 selects by -Identifier, -Recipient, piped devices and piped outbox entries; sends only Pending ones' {
        New-Devices 5
        Send-BmgCheckInEmail @send -Identifier 'dev0[12]'
        Send-BmgCheckInEmail @send -Recipient 'USER3@*'
        Get-BmgDevice -Identifier 'dev04' | Send-BmgCheckInEmail @send
        Get-BmgCheckInEmail -Identifier 'dev05', 'dev01' | Send-BmgCheckInEmail @send
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail.rcpt_tos | Should -Be @('user1@example.com', 'user2@example.com', 'user3@example.com', 'user4@example.com', 'user5@example.com')
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent', 'Sent', 'Sent', 'Sent')
    }

    It '14.1 a custom template from a file: placeholders filled, the .html beside it is the HTML part' {
        New-BmgUser -UserName 'sato' -Name '佐藤' | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS ios -UserName 'sato' -DisplayName 'Tablet <1>' -RegistrationEmail 'sato@example.com' | Out-Null
        $template = Join-Path $TestDrive 'checkin.txt'
        Set-Content -LiteralPath $template -Encoding utf8NoBOM -Value "Subject: {{Name}}: code for {{Identifier}}`n`nUser {{UserName}} ({{Recipient}}): {{Code}} for {{DisplayName}} at {{CheckInUrl}} by {{Deadline}}."
        Set-Content -LiteralPath (Join-Path $TestDrive 'checkin.html') -Encoding utf8NoBOM -Value '<p>{{DisplayName}}: <code>{{Code}}</code></p>'
        Send-BmgCheckInEmail @send -TemplatePath $template
        $code = (Get-BmgCheckInEmail).Code | ConvertFrom-SecureString -AsPlainText
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail[0].subject | Should -BeExactly '佐藤: code for dev01'
        $mail[0].text | Should -Match ([regex]::Escape("User sato (sato@example.com): $code for Tablet <1> at $CheckInUrl by "))
        $mail[0].html | Should -Match ([regex]::Escape("<p>Tablet &lt;1&gt;: <code>$code</code></p>"))
    }

    It '14.1 a template with an unknown placeholder or without a Subject line is refused before anything is sent' {
        New-Devices 1
        $bad = Join-Path $TestDrive 'bad.txt'
        Set-Content -LiteralPath $bad -Value "Subject: Hi {{Nmae}}`n`nbody"
        $e = { Send-BmgCheckInEmail @send -TemplatePath $bad } | Should -Throw -ErrorId 'TemplateInvalid,*' -PassThru
        $e.Exception.Message | Should -Match '\{\{Nmae\}\}'
        Set-Content -LiteralPath $bad -Value "Hello {{Name}}"
        { Send-BmgCheckInEmail @send -TemplatePath $bad } | Should -Throw -ErrorId 'TemplateInvalid,*'
        (Get-BmgCheckInEmail).Status | Should -Be 'Pending'
    }

    It '14.1 progress is reported and completed' {
        New-Devices 3
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Database, $Send)
                    Import-Module $Module
                    Send-BmgCheckInEmail -Database $Database @Send
                }).AddArgument($env:BMG_TEST_MODULE).AddArgument($PSDefaultParameterValues['*-Bmg*:Database']).AddArgument($send)
            $null = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $progress = @($ps.Streams.Progress)
            $progress.Count | Should -BeGreaterOrEqual 4
            $progress[0].StatusDescription | Should -BeLike '1 of 3: email 1 to user1@example.com'
            $progress[-1].RecordType | Should -Be 'Completed'
        } finally {
            $ps.Dispose()
        }
    }

    It '14.1 -Throttle keeps to the rate: 3 messages at 120 a minute take at least a second' {
        New-Devices 3
        $elapsed = Measure-Command { Send-BmgCheckInEmail @send -Throttle 120 }
        $elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.0
        @(Get-ReceivedMail $server | Select-Object -Skip $before) | Should -HaveCount 3
    }

    It '14.3 a code or RegistrationEmail change supersedes the stale pending email; only the current one is sent; Get- shows why' {
        New-BmgDevice -Identifier 'dev01' -OS ios -Code 'OLD111' -RegistrationEmail 'a@example.com' | Out-Null
        Set-BmgDevice -Identifier 'dev01' -Code 'NEW222'
        Set-BmgDevice -Identifier 'dev01' -RegistrationEmail 'b@example.com'
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Phone'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Superseded', 'Superseded', 'Superseded', 'Pending')
        $emails[0].StatusReason | Should -BeLike "*check-in code changed*email 2*"
        $emails[1].StatusReason | Should -BeLike "*RegistrationEmail changed to 'b@example.com'*"
        $emails[2].StatusReason | Should -BeLike '*saved again*'
        $emails[0..2].SupersededBy | Should -Be @(2, 3, 4)
        (Get-BmgCheckInEmail -Status Superseded | Format-List | Out-String -Width 250) | Should -Match 'check-in code changed'

        Send-BmgCheckInEmail @send
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail | Should -HaveCount 1
        $mail[0].rcpt_tos | Should -Be 'b@example.com'
        $mail[0].text | Should -Match 'NEW222'
        $mail[0].text | Should -Not -Match 'OLD111'
    }

    It '14.3 a removal supersedes the device''s unsent emails at once, with the reason; nothing is sent' {
        New-Devices 2
        Remove-BmgDevice -Identifier 'DEV01' -Confirm:$false
        $removed = Get-BmgCheckInEmail -Identifier 'dev01'
        $removed.Status | Should -Be 'Superseded'
        $removed.StatusReason | Should -Be "The device 'dev01' was removed; its check-in code must not reach anyone."
        $removed.SupersededBy | Should -BeNullOrEmpty

        $warnings = @(Send-BmgCheckInEmail @send 3>&1)
        $warnings | Should -HaveCount 0
        (@(Get-ReceivedMail $server | Select-Object -Skip $before)).rcpt_tos | Should -Be @('user2@example.com')
    }

    It '14.3 an entry whose device was removed (an older store''s data), or changed without a new email, is superseded at send time, not sent' {
        $store = New-TestStore
        New-Devices 1
        Remove-BmgDevice -Identifier 'dev01' -Confirm:$false
        # As a store written before a removal superseded the emails left them: Pending.
        Invoke-OutboxSql $store "UPDATE checkin_emails SET status = 'Pending', status_reason = NULL;"
        $warnings = @(Send-BmgCheckInEmail @send 3>&1)
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match "The device 'dev01' was removed; its check-in code must not reach anyone\."
        (Get-BmgCheckInEmail).Status | Should -Be 'Superseded'
        @(Get-ReceivedMail $server).Count | Should -Be $script:before
    }

    It '14.3 a check-in supersedes the device''s pending emails at once, with the reason; nothing is sent; the history has the check-in only' {
        New-BmgDevice -Identifier 'dev01' -OS ios -Code 'CODE1111' -RegistrationEmail 'a@example.com' | Out-Null
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Phone'
        New-BmgDevice -Identifier 'dev02' -OS ios -RegistrationEmail 'b@example.com' | Out-Null
        $history = @(Get-BmgDeviceHistory -Identifier 'dev01').Count
        Register-BmgDeviceCheckIn -Identifier 'dev01' -Code 'CODE1111' | Out-Null

        $emails = @(Get-BmgCheckInEmail -Identifier 'dev01')
        $emails.Status | Should -Be @('Superseded', 'Superseded')
        $emails[1].StatusReason | Should -Be "The device 'dev01' checked in; a checked-in device needs no check-in code."
        $emails[1].SupersededBy | Should -BeNullOrEmpty
        $emails[0].StatusReason | Should -BeLike '*saved again*'   # superseded earlier, by email 2: left as it was
        # The device's history gains the check-in, and no entry for the emails.
        @(Get-BmgDeviceHistory -Identifier 'dev01').Count | Should -Be ($history + 1)

        $warnings = @(Send-BmgCheckInEmail @send 3>&1)
        $warnings | Should -HaveCount 0
        $mail = @(Get-ReceivedMail $server | Select-Object -Skip $before)
        $mail.rcpt_tos | Should -Be @('b@example.com')
        $mail[0].text | Should -Not -Match 'CODE1111'
        (Get-BmgCheckInEmail -Identifier 'dev01').Status | Should -Be @('Superseded', 'Superseded')
    }

    It '14.3 a withdrawal supersedes the device''s pending email at once, with the reason; a Registered device''s email still goes' {
        New-Devices 2
        Unregister-BmgDevice -Identifier 'dev02' -Confirm:$false
        $withdrawn = Get-BmgCheckInEmail -Identifier 'dev02'
        $withdrawn.Status | Should -Be 'Superseded'
        $withdrawn.StatusReason | Should -Be "The device 'dev02' was withdrawn; its check-in code must not reach its former user."
        (Get-BmgCheckInEmail -Status Pending).Identifier | Should -Be 'dev01'

        $warnings = @(Send-BmgCheckInEmail @send 3>&1)
        $warnings | Should -HaveCount 0
        (@(Get-ReceivedMail $server | Select-Object -Skip $before)).rcpt_tos | Should -Be @('user1@example.com')
        (Get-BmgCheckInEmail -Identifier 'dev02').Status | Should -Be 'Superseded'
    }

    It '14.3 a Pending email of a device that checked in or was withdrawn (an older store''s data) is superseded at send time, not sent' {
        $store = New-TestStore
        New-BmgDevice -Identifier 'dev01' -OS ios -Code 'CODE1111' -RegistrationEmail 'a@example.com' | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS ios -Code 'CODE2222' -RegistrationEmail 'b@example.com' | Out-Null
        Register-BmgDeviceCheckIn -Identifier 'dev01' -Code 'CODE1111' | Out-Null
        Unregister-BmgDevice -Identifier 'dev02' -Confirm:$false
        # As a store written before check-in and withdrawal superseded the emails left them: Pending.
        Invoke-OutboxSql $store "UPDATE checkin_emails SET status = 'Pending', status_reason = NULL;"
        (Get-BmgCheckInEmail -Status Pending).Identifier | Should -Be @('dev01', 'dev02')

        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive 'whatif-stale-transcript.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try { Send-BmgCheckInEmail @send -WhatIf } finally { $null = Stop-Transcript }
        $whatIf = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
        $whatIf | Should -Match "Supersede without sending: The device 'dev01' checked in"
        $whatIf | Should -Match "Supersede without sending: The device 'dev02' was withdrawn"
        $whatIf | Should -Not -Match 'Send check-in email'

        $warnings = @(Send-BmgCheckInEmail @send 3>&1)
        $warnings | Should -HaveCount 2
        "$($warnings[0])" | Should -Match "^Email 1 to 'a@example.com' was not sent: The device 'dev01' checked in"
        "$($warnings[1])" | Should -Match "^Email 2 to 'b@example.com' was not sent: The device 'dev02' was withdrawn"
        (Get-BmgCheckInEmail).Status | Should -Be @('Superseded', 'Superseded')
        @(Get-ReceivedMail $server).Count | Should -Be $script:before
    }

    # Walkthrough 31b, finding 6: the code of a device whose DEP serial Apple released could only lead to a refused check-in.
    It '14.3 an email whose device''s check-in would be rejected (its DEP serial released by Apple) is held: not sent, still Pending, a warning naming device and release; sent once the device has a serial it can check in as' {
        $examples = Join-Path $PSScriptRoot '../../examples'
        Import-BmgDepDevice (Join-Path $examples 'dep-fetch-devices.json'), (Join-Path $examples 'dep-sync-devices.json') -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier 'kit03' -OS ios -DEPMethod Serial -Serial CCCDDDAAABBB -RegistrationEmail 'kit@example.com' -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier 'kit04' -OS ios -DEPMethod Serial -Serial AAABBBCCCDDD -RegistrationEmail 'ok@example.com' | Out-Null
        $held = Get-BmgCheckInEmail -Identifier 'kit03'

        # -WhatIf says it too, and claims nothing.
        $whatIfWarnings = @(Send-BmgCheckInEmail @send -WhatIf 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        "$whatIfWarnings" | Should -Match "device 'kit03' was not sent"

        $warnings = @(Send-BmgCheckInEmail @send 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match "^Email $($held.Id) to 'kit@example.com' for device 'kit03' was not sent and stays Pending: the device's check-in would be rejected, because serial 'CCCDDDAAABBB' was released by Apple on .*Set-BmgDeviceDepEnrollment"
        "$($warnings[0])" | Should -Not -Match ([regex]::Escape(((Get-BmgDevice kit03).Code | ConvertFrom-SecureString -AsPlainText)))
        (@(Get-ReceivedMail $server | Select-Object -Skip $before)).rcpt_tos | Should -Be @('ok@example.com')
        $after = Get-BmgCheckInEmail -Identifier 'kit03'
        $after.Status | Should -Be 'Pending'
        $after.Attempts | Should -Be 0

        # The same rule as the check-in's: it is refused, naming the release.
        Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB -ErrorAction SilentlyContinue -ErrorVariable refused | Out-Null
        "$refused" | Should -Match "serial 'CCCDDDAAABBB' was released by Apple"

        # Given a DEP serial Apple still lists, the next run sends the held email.
        Remove-BmgDevice kit04 -Confirm:$false
        Set-BmgDeviceDepEnrollment -Identifier 'kit03' -Method Serial -Serial AAABBBCCCDDD
        $warnings = @(Send-BmgCheckInEmail @send 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings | Should -HaveCount 0
        (@(Get-ReceivedMail $server | Select-Object -Skip $before)).rcpt_tos | Should -Be @('ok@example.com', 'kit@example.com')
        # The enrollment's change queued the device's email anew (the held one superseded by it); that one went.
        @(Get-BmgCheckInEmail -Identifier 'kit03' -Status Sent) | Should -HaveCount 1
        @(Get-BmgCheckInEmail -Identifier 'kit03' -Status Pending) | Should -HaveCount 0
    }

    It '14.4 Get-BmgCheckInEmail shows Status, Attempts, LastError, SentAt, MessageId; -Status filters; the code is not in the default views' {
        New-Devices 3
        Send-BmgCheckInEmail @send -Identifier 'dev01'
        Set-BmgDevice -Identifier 'dev02' -Code 'CHANGED9'
        (Get-BmgCheckInEmail -Status Sent).Identifier | Should -Be 'dev01'
        (Get-BmgCheckInEmail -Status Pending).Identifier | Should -Be @('dev03', 'dev02')
        (Get-BmgCheckInEmail -Status Superseded, Sent).Identifier | Should -Be @('dev01', 'dev02')
        { Get-BmgCheckInEmail -Status Sent -Unsent } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        $all = @(Get-BmgCheckInEmail)
        $view = Get-DefaultView $all
        foreach ($code in ($all.Code | ConvertFrom-SecureString -AsPlainText)) { $view | Should -Not -Match $code }
        foreach ($column in 'Status', 'Attempts', 'LastError', 'SentAt') { $view | Should -Match $column }
        (Get-BmgCheckInEmail -Status Sent | Format-List | Out-String) | Should -Match ([regex]::Escape($all[0].MessageId))
    }
}

Describe '14.2 Failures: retried, permanent, dropped' {
    AfterEach { Stop-SmtpTestServer $script:server }
    BeforeEach { New-TestStore | Out-Null }

    It '14.2 a 4xx reply is retried within the run with the same Message-ID, then Sent' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '451'
        New-Devices 1
        $send = Get-SendParameters $server
        Send-BmgCheckInEmail @send
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Sent'
        $email.Attempts | Should -Be 2
        # Delivered: the first try's 451 is no longer the email's error (Attempts still says it took two).
        $email.LastError | Should -BeNullOrEmpty
        # The reply's text, not its three digits: a Message-ID's random hex or a time may hold '451' (a failure in 1 run of ~100).
        (Get-BmgCheckInEmail | Format-List | Out-String) | Should -Not -Match 'Temporary local problem'
        (Get-ServerEvent $server).reply | Should -Be '451'
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 1
        $mail[0].message_id | Should -Be "<$($email.MessageId)>"
    }

    It '14.2 4xx every time: left Pending for the next run (a warning), then Failed when -MaxAttempts is used up' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '451,452,451,451'
        New-Devices 1
        $send = Get-SendParameters $server
        $warnings = @(Send-BmgCheckInEmail @send -MaxAttempts 4 3>&1)
        "$warnings" | Should -Match 'failed 3 times in this run.*next run tries again'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Pending'
        $email.Attempts | Should -Be 3
        $email.LastError | Should -BeLike '451 *'

        $result = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 4 }
        # Out of attempts, not refused: its own ErrorId, so a log grepped for rejections (addresses to fix) lists none (walkthrough 33c, 4).
        Assert-ErrorId $result.Errors 'CheckInEmailGaveUp'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        $email.Attempts | Should -Be 4
        $email.StatusReason | Should -BeLike 'Gave up after 4 attempts*451*'
        @(Get-ReceivedMail $server) | Should -HaveCount 0
    }

    It '14.2 a Failed email piped back in that fails again says it gave up after this run''s attempts, not -MaxAttempts' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '451,451,451,451'
        New-Devices 1
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 1 }
        (Get-BmgCheckInEmail).StatusReason | Should -BeLike 'Gave up after 1 attempts (-MaxAttempts 1)*451*'
        $result = Invoke-Captured { Get-BmgCheckInEmail -Status Failed | Send-BmgCheckInEmail @send -MaxAttempts 1 }
        Assert-ErrorId $result.Errors 'CheckInEmailGaveUp'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        $email.Attempts | Should -Be 4
        # 4 attempts with -MaxAttempts 1 would not be true of -MaxAttempts: this run's 3 were the limit.
        $email.StatusReason | Should -BeLike 'Gave up after 4 attempts (sent again after it had failed: this run''s 3 attempts were used up); the last: 451*'
        $email.StatusReason | Should -Not -BeLike '*-MaxAttempts*'
    }

    It '14.2 a 5xx reply fails the entry for good (error record with the reply); the others are sent; no retry later' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'user2@'
        New-Devices 3
        $send = Get-SendParameters $server
        $result = Invoke-Captured { Send-BmgCheckInEmail @send }
        Assert-ErrorId $result.Errors 'CheckInEmailRejected'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ProtocolError'
        $result.Errors[0].TargetObject | Should -Be 2
        $result.Errors[0].Exception.Message | Should -Match '550 5\.1\.1'
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Failed', 'Sent')
        $failed = Get-BmgCheckInEmail -Status Failed
        $failed.Attempts | Should -Be 1
        $failed.LastError | Should -BeLike '550 *Recipient address rejected*'
        Send-BmgCheckInEmail @send
        (Get-BmgCheckInEmail -Status Failed).Attempts | Should -Be 1
        (Get-ReceivedMail $server).rcpt_tos | Should -Be @('user1@example.com', 'user3@example.com')
    }

    It '14.2 a Failed email of a device that checks in or is withdrawn is superseded then (LastError kept), and not sent when piped back' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'bad'
        New-BmgDevice -Identifier 'dev01' -OS ios -Code 'CODE1111' -RegistrationEmail 'bad1@example.com' | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS ios -Code 'CODE2222' -RegistrationEmail 'bad2@example.com' | Out-Null
        New-BmgDevice -Identifier 'dev03' -OS ios -Code 'CODE3333' -RegistrationEmail 'bad3@example.com' | Out-Null
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send }
        (Get-BmgCheckInEmail).Status | Should -Be @('Failed', 'Failed', 'Failed')

        Register-BmgDeviceCheckIn -Identifier 'dev01' -Code 'CODE1111' | Out-Null
        Unregister-BmgDevice -Identifier 'dev02' -Confirm:$false
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Superseded', 'Superseded', 'Failed')
        $emails[0].StatusReason | Should -Be "The device 'dev01' checked in; a checked-in device needs no check-in code."
        $emails[1].StatusReason | Should -Be "The device 'dev02' was withdrawn; its check-in code must not reach its former user."
        $emails[0..1].LastError | ForEach-Object { $_ | Should -BeLike '550 *Recipient address rejected*' }
        $emails[0..1].Attempts | Should -Be @(1, 1)
        (Get-BmgCheckInEmail -Status Failed).Identifier | Should -Be 'dev03'

        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier 'dev01', 'dev02' | Send-BmgCheckInEmail @send }
        $result.Errors | Should -HaveCount 0
        "$($result.Warnings)" | Should -Match '^2 of the emails piped in were not sent: 2 Superseded\.'
        @(Get-ReceivedMail $server) | Should -HaveCount 0
    }

    It '14.2 a newer email of the device supersedes its Failed one (LastError kept): piped back in beside the newer one, only the newer one is sent' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '554'
        New-BmgDevice -Identifier 'dev01' -OS ios -Code 'CODE1111' -RegistrationEmail 'a@example.com' | Out-Null
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send }
        $failed = Get-BmgCheckInEmail -Identifier 'dev01'
        $failed.Status | Should -Be 'Failed'

        # Saved again with the same code and address: the old email would still pass the sender's check of the device.
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Phone'
        $emails = @(Get-BmgCheckInEmail -Identifier 'dev01')
        $emails.Status | Should -Be @('Superseded', 'Pending')
        $emails[0].SupersededBy | Should -Be $emails[1].Id
        $emails[0].StatusReason | Should -Be "The device was saved again; email $($emails[1].Id) replaces this one."
        $emails[0].LastError | Should -BeLike '554 *'
        @(Get-BmgCheckInEmail -Status Failed) | Should -HaveCount 0

        $result = Invoke-Captured { @($failed) + @(Get-BmgCheckInEmail -Status Pending) | Send-BmgCheckInEmail @send }
        $result.Errors | Should -HaveCount 0
        "$($result.Warnings)" | Should -Match '^1 of the emails piped in was not sent: 1 Superseded\.'
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 1
        $mail[0].message_id | Should -Be "<$((Get-BmgCheckInEmail -Identifier 'dev01' -Sent).MessageId)>"
        (Get-BmgCheckInEmail -Identifier 'dev01').Status | Should -Be @('Superseded', 'Sent')
    }

    It '14.2 Failed emails piped back in are sent again: same Message-ID, Attempts counted on, LastError cleared once Sent' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '554,451,451'
        New-Devices 3
        $send = Get-SendParameters $server
        # dev01: 554, Failed at once. dev02: 451 twice, out of -MaxAttempts 2, Failed. dev03: Sent.
        $null = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 2 }
        (Get-BmgCheckInEmail).Status | Should -Be @('Failed', 'Failed', 'Sent')
        $failed = @(Get-BmgCheckInEmail -Status Failed)
        $failed.Attempts | Should -Be @(1, 2)

        # A plain run leaves them alone; piped back in, each is tried again even past -MaxAttempts.
        Send-BmgCheckInEmail @send -MaxAttempts 2
        (Get-BmgCheckInEmail).Status | Should -Be @('Failed', 'Failed', 'Sent')
        $passThru = @(Get-BmgCheckInEmail -Status Failed | Send-BmgCheckInEmail @send -MaxAttempts 2 -PassThru)
        $passThru.Identifier | Should -Be @('dev01', 'dev02')
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Sent', 'Sent')
        $emails.Attempts | Should -Be @(2, 3, 1)
        $emails.LastError | Should -Be @($null, $null, $null)
        foreach ($email in $emails) { $email.StatusReason | Should -BeLike 'Sent by * (Send-BmgCheckInEmail).' -Because 'a sent email says who sent it, and nothing of its failures' }
        $emails[0..1].MessageId | Should -Be $failed.MessageId
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 3
        $mail.rcpt_tos | Sort-Object | Should -Be @('user1@example.com', 'user2@example.com', 'user3@example.com')
    }

    It '14.2 a retried email that fails again is Failed again, not left for the next run; -WhatIf says it would be sent again' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'user1@'
        New-Devices 1
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send }
        $transcript = Join-Path $TestDrive 'retry-whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try { Get-BmgCheckInEmail -Status Failed | Send-BmgCheckInEmail @send -WhatIf } finally { $null = Stop-Transcript }
        (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', '' | Should -Match "What if: .*Send again the failed check-in email .*\(1 attempt so far; .*550"
        (Get-BmgCheckInEmail).Status | Should -Be 'Failed'
        (Get-BmgCheckInEmail).Attempts | Should -Be 1

        $result = Invoke-Captured { Get-BmgCheckInEmail | Send-BmgCheckInEmail @send }
        Assert-ErrorId $result.Errors 'CheckInEmailRejected'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        $email.Attempts | Should -Be 2
        $email.LastError | Should -BeLike '550 *'
        $email.StatusReason | Should -BeLike '*refused the message for good*'
    }

    It '14.2 piped emails that are Sent or Superseded are not sent again, and one warning says so' {
        $script:server = Start-SmtpTestServer
        New-Devices 3
        $send = Get-SendParameters $server
        Send-BmgCheckInEmail @send -Identifier 'dev01', 'dev02'
        Set-BmgDevice -Identifier 'dev03' -Code 'NEWCODE9'
        $result = Invoke-Captured { Get-BmgCheckInEmail | Send-BmgCheckInEmail @send }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -Match '^3 of the emails piped in were not sent: 2 Sent, 1 Superseded\.'
        # desk45, 2: the helpdesk's "send it again" needs a new email, and only a change queues one: the warning says which.
        "$($result.Warnings[0])" | Should -Match ([regex]::Escape('A Sent email is not sent twice (to mail a device again, give it a new code: Set-BmgDevice -Code queues a new email)'))
        @(Get-ReceivedMail $server) | Should -HaveCount 3
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent', 'Superseded', 'Sent')
    }

    It '14.2 piped devices with nothing Pending say why (walkthrough 14): -Verbose for a Sent one and one without email, one warning with the way to resend a Failed one' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'user2@'
        New-Devices 2
        New-BmgDevice -Identifier 'dev03' -OS ios | Out-Null   # no RegistrationEmail: never had an email
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send }
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Failed')

        $result = Invoke-Captured { Get-BmgDevice -Identifier 'dev0*' | Send-BmgCheckInEmail @send -Verbose 4>&1 }
        $result.Errors | Should -BeNullOrEmpty
        $verbose = @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $sentAt = $emails[0].SentAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
        $verbose | Should -Contain ("The check-in email of device 'dev01' was sent at $sentAt (email $($emails[0].Id) to 'user1@example.com'); " +
            'a Sent email is not sent twice, and a save that changes nothing queues none: give the device a new code (Set-BmgDevice -Code) to queue a new one.')
        @($verbose -like "The check-in email of device 'dev02' failed (email $($emails[1].Id) to 'user2@example.com': The server refused the message for good: 550 *") | Should -HaveCount 1
        $verbose | Should -Contain "Device 'dev03' has no check-in email in the outbox (none was queued: a device gets one when it has a RegistrationEmail)."
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "1 of the devices piped in has a Failed check-in email, not sent again: 'dev02'. *Get-BmgCheckInEmail -Status Failed -LiteralIdentifier 'dev02' | Send-BmgCheckInEmail.*"
        foreach ($code in ((Get-BmgDevice).Code | ConvertFrom-SecureString -AsPlainText)) { "$verbose $($result.Warnings)" | Should -Not -Match $code }
        @(Get-ReceivedMail $server) | Should -HaveCount 1 -Because 'nothing was sent again'

        # The way the warning names works: the Failed email is tried again (and refused again by this server).
        $again = Invoke-Captured { Get-BmgCheckInEmail -Status Failed -LiteralIdentifier 'dev02' | Send-BmgCheckInEmail @send }
        Assert-ErrorId $again.Errors 'CheckInEmailRejected'
        (Get-BmgCheckInEmail -Identifier 'dev02').Attempts | Should -Be 2
    }

    It '14.2 devices named by -Identifier (typed, not piped) with nothing Pending say why, as piped devices do (fifteenth round)' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'user2@'
        New-Devices 2
        New-BmgDevice -Identifier 'dev03' -OS ios | Out-Null   # no RegistrationEmail: never had an email
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send }
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Failed')

        # Typed, one name each (the commonest form) and several names with a -LiteralIdentifier at once.
        $sent = Invoke-Captured { Send-BmgCheckInEmail @send -Identifier 'dev01' -Verbose 4>&1 }
        $sent.Errors | Should -BeNullOrEmpty
        $sent.Warnings | Should -BeNullOrEmpty -Because 'a Sent email is no problem'
        $sentAt = $emails[0].SentAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
        @($sent.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) | Should -Contain (
            "The check-in email of device 'dev01' was sent at $sentAt (email $($emails[0].Id) to 'user1@example.com'); " +
            'a Sent email is not sent twice, and a save that changes nothing queues none: give the device a new code (Set-BmgDevice -Code) to queue a new one.')

        $result = Invoke-Captured { Send-BmgCheckInEmail @send -Identifier 'DEV02', 'dev0[3]' -LiteralIdentifier 'dev03' -Verbose 4>&1 }
        $result.Errors | Should -BeNullOrEmpty
        $verbose = @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose -like "The check-in email of device 'dev02' failed (email $($emails[1].Id) to 'user2@example.com': The server refused the message for good: 550 *a named device sends Pending emails only*") | Should -HaveCount 1
        @($verbose -eq "Device 'dev03' has no check-in email in the outbox (none was queued: a device gets one when it has a RegistrationEmail).") | Should -HaveCount 1 -Because 'the literal name says why; the pattern dev0[3] names no device in particular'
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "1 of the devices named has a Failed check-in email, not sent again: 'dev02'. *Get-BmgCheckInEmail -Status Failed -LiteralIdentifier 'dev02' | Send-BmgCheckInEmail.*"
        foreach ($code in ((Get-BmgDevice).Code | ConvertFrom-SecureString -AsPlainText)) { "$verbose $($result.Warnings)" | Should -Not -Match $code }
        @(Get-ReceivedMail $server) | Should -HaveCount 1 -Because 'nothing was sent again'
    }

    It '14.2 a server that drops the connection mid-DATA: reconnect, resend with the same Message-ID, one message arrives' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', 'drop'
        New-Devices 2
        $send = Get-SendParameters $server
        Send-BmgCheckInEmail @send
        (Get-ServerEvent $server).event | Should -Be 'dropped'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Sent')
        $emails[0].Attempts | Should -Be 2
        # Sent in the end: the dropped connection of the first try is not its error any more (Attempts tells of it).
        $emails[0].LastError | Should -BeNullOrEmpty
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 2
        $mail.message_id | Should -Be @("<$($emails[0].MessageId)>", "<$($emails[1].MessageId)>")
    }
}

Describe '14.1 Authentication, TLS and clear text' {
    AfterEach { Stop-SmtpTestServer $script:server }
    BeforeEach { New-TestStore | Out-Null }

    It '14.1 a server that requires authentication: none given or a wrong password stops the run, the right one sends' {
        $script:server = Start-SmtpTestServer -Arguments '--auth', 'mailer:s3cret'
        New-Devices 2
        $send = Get-SendParameters $server
        $e = { Send-BmgCheckInEmail @send } | Should -Throw -ErrorId 'SmtpAuthenticationRequired,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')
        (Get-BmgCheckInEmail).Attempts | Should -Be @(0, 0)

        $wrong = [pscredential]::new('mailer', (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        $e = { Send-BmgCheckInEmail @send -Credential $wrong } | Should -Throw -ErrorId 'SmtpAuthenticationFailed,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -Not -Match 'wrong-password'
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')

        $right = [pscredential]::new('mailer', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))
        Send-BmgCheckInEmail @send -Credential $right
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
        (Get-ReceivedMail $server).auth_user | Should -Be @('mailer', 'mailer')
    }

    It '14.1 a From address the server refuses, or a credential for a server without AUTH, stops the run and fails no email' {
        $script:server = Start-SmtpTestServer -Arguments '--reject-sender', 'blocked@'
        New-Devices 2
        $send = Get-SendParameters $server
        $send.From = 'blocked@example.com'
        $e = { Send-BmgCheckInEmail @send } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*' -PassThru
        $e.Exception.Message | Should -Match "refused the From address 'blocked@example\.com': 553 "
        $send.From = 'mdm@example.com'
        $credential = [pscredential]::new('mailer', (ConvertTo-SecureString 'pw' -AsPlainText -Force))
        $e = { Send-BmgCheckInEmail @send -Credential $credential } | Should -Throw -ErrorId 'SmtpAuthenticationFailed,*' -PassThru
        $e.Exception.Message | Should -Match 'offers no authentication'
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')
        (Get-BmgCheckInEmail).Attempts | Should -Be @(0, 0)
        Send-BmgCheckInEmail @send
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
    }

    It '14.1 STARTTLS with a test certificate: refused while its issuer is not trusted, sent over TLS once it is' {
        $certificate = New-TestCertificate
        $script:server = Start-SmtpTestServer -Arguments '--tls-cert', $certificate.CertFile, '--tls-key', $certificate.KeyFile
        $database = New-TestStore
        New-Devices 1
        $send = Get-SendParameters $server 'localhost'
        $e = { Send-BmgCheckInEmail @send } | Should -Throw -ErrorId 'SmtpCertificateInvalid,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -Match "localhost:$($server.Port)"
        $e.Exception.Message | Should -Match 'not trusted|unable to get local issuer|untrusted|PartialChain'
        (Get-BmgCheckInEmail).Status | Should -Be 'Pending'
        @(Get-ReceivedMail $server) | Should -HaveCount 0

        # A process that trusts the test authority (OpenSSL reads SSL_CERT_FILE when .NET builds its root store).
        $saved = $env:SSL_CERT_FILE
        try {
            $env:SSL_CERT_FILE = $certificate.CaFile
            $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
Send-BmgCheckInEmail -Database '$database' -SmtpServer localhost -Port $($server.Port) -From mdm@example.com -CheckInUrl https://x.example/c -ErrorAction Stop
'child finished'
"@
        } finally {
            $env:SSL_CERT_FILE = $saved
        }
        $child.Text | Should -Match 'child finished'
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 1
        $mail[0].tls | Should -BeTrue
        (Get-BmgCheckInEmail).Status | Should -Be 'Sent'
    }

    It '14.1 no clear text to a server that is not on loopback, unless -AllowUnencryptedConnection' {
        $address = [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
            Where-Object OperationalStatus -EQ 'Up' | ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address } |
            Where-Object { $_.AddressFamily -eq 'InterNetwork' -and -not [System.Net.IPAddress]::IsLoopback($_) } | Select-Object -First 1
        $address | Should -Not -BeNullOrEmpty -Because 'the test needs an address of this machine that is not loopback'
        $script:server = Start-SmtpTestServer -BindAddress '0.0.0.0'
        New-Devices 1
        $send = Get-SendParameters $server "$address"
        $e = { Send-BmgCheckInEmail @send } | Should -Throw -ErrorId 'UnencryptedConnectionRefused,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -Match 'clear text'
        @(Get-ReceivedMail $server) | Should -HaveCount 0
        (Get-BmgCheckInEmail).Status | Should -Be 'Pending'

        Send-BmgCheckInEmail @send -AllowUnencryptedConnection
        @(Get-ReceivedMail $server) | Should -HaveCount 1
        (Get-BmgCheckInEmail).Status | Should -Be 'Sent'
    }
}

Describe '14.2 Never lose, never double' {
    AfterEach { Stop-SmtpTestServer $script:server }

    It '14.2 two concurrent senders never send the same entry' {
        $script:server = Start-SmtpTestServer -Arguments '--delay', '0.05'
        $database = New-TestStore
        New-Devices 24
        # Two senders at once, each with its own store connection and SMTP connection (two runspaces: the
        # claim is a store write, so processes or runspaces race the same way, and runspaces start in no time).
        # Both start sending together (a barrier after Import-Module): a runspace slow to start on a busy machine
        # could otherwise find the outbox already sent by the other, and 'both took part' would fail by chance.
        $start = [System.Threading.Barrier]::new(2)
        $senders = foreach ($n in 1..2) {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                    param($Module, $Database, $Port, $Start)
                    Import-Module $Module
                    # Ends as soon as both are there; the guard only stops a hung test (120 s was short of a runspace's
                    # Import-Module on a machine loaded 60-fold).
                    if (-not $Start.SignalAndWait([TimeSpan]::FromSeconds(1800))) { throw 'The other sender never started (guard).' }
                    Send-BmgCheckInEmail -Database $Database -SmtpServer 127.0.0.1 -Port $Port -From 'mdm@example.com' -CheckInUrl 'https://x.example/c' -PassThru
                }).AddArgument($env:BMG_TEST_MODULE).AddArgument($database).AddArgument($server.Port).AddArgument($start)
            [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        try {
            $results = foreach ($sender in $senders) { , @($sender.PowerShell.EndInvoke($sender.Handle)) }
            foreach ($sender in $senders) { $sender.PowerShell.Streams.Error | Should -BeNullOrEmpty }
        } finally {
            foreach ($sender in $senders) { $sender.PowerShell.Dispose() }
        }
        $results[0].Count + $results[1].Count | Should -Be 24
        $results[0].Count | Should -BeGreaterThan 0 -Because 'both senders took part'
        $results[1].Count | Should -BeGreaterThan 0 -Because 'both senders took part'
        $mail = @(Get-ReceivedMail $server)
        $mail | Should -HaveCount 24
        ($mail.email_id | Sort-Object -Unique) | Should -HaveCount 24
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Sent'
        $emails.Attempts | Sort-Object -Unique | Should -Be 1
    }

    It '14.2 Ctrl+C mid-send stops at once; the email in flight goes back to Pending and is re-sent with the same Message-ID' {
        # The server stores the message, then holds its reply for 30 s: far longer than a busy machine takes to see the
        # message and press Ctrl+C. A stop that sat the wait out would end in the reply (Sent) or the module's 30 s SMTP
        # timeout (a LastError of its own), never in a Pending email whose LastError says it was stopped: that shows the
        # wait was cancelled, and no clock is read (a 2.5 s limit on Stop() failed by chance when the machine was slow,
        # and a 3 s reply could come before a slow Ctrl+C).
        $script:server = Start-SmtpTestServer -Arguments '--delay', '30'
        $database = New-TestStore
        New-Devices 2
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Database, $Port)
                    Import-Module $Module
                    Send-BmgCheckInEmail -Database $Database -SmtpServer 127.0.0.1 -Port $Port -From 'mdm@example.com' -CheckInUrl 'https://x.example/c'
                }).AddArgument($env:BMG_TEST_MODULE).AddArgument($database).AddArgument($server.Port)
            $handle = $ps.BeginInvoke()
            $null = Wait-Until -What 'the first message at the server' -Abort { $handle.IsCompleted } -Condition { @(Get-ReceivedMail $server).Count -ge 1 }
            @(Get-ReceivedMail $server) | Should -HaveCount 1 -Because 'the first message reached the server, which now holds its reply'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Pending') -Because 'the stop cancelled the wait for the reply: a wait sat out would have ended in Sent'
        $emails[0].Attempts | Should -Be 1
        $emails[0].LastError | Should -BeLike '*stopped*'
        $messageId = $emails[0].MessageId
        $messageId | Should -Not -BeNullOrEmpty

        Stop-SmtpTestServer $script:server
        $script:server = Start-SmtpTestServer
        $send = Get-SendParameters $server
        Send-BmgCheckInEmail @send
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
        (Get-BmgCheckInEmail)[0].MessageId | Should -Be $messageId
        (Get-ReceivedMail $server)[0].message_id | Should -Be "<$messageId>"
    }

    It '14.2 a sender killed mid-batch loses no entry; at most the one in flight is sent again, with the same Message-ID' {
        $script:server = Start-SmtpTestServer -Arguments '--delay', '0.4'
        $database = New-TestStore
        New-Devices 8
        $sender = Start-Sender $database $server
        try {
            $null = Wait-Until -What 'the third message at the server' -Abort { $sender.HasExited } -Condition { @(Get-ReceivedMail $server).Count -ge 3 }
            # The server stored the third message and waits 0.4 s before accepting it: the kill lands mid-send.
            $sender.Kill()
            $sender.WaitForExit()
        } finally {
            if (-not $sender.HasExited) { $sender.Kill() }
        }
        $afterKill = @(Get-BmgCheckInEmail)
        $afterKill | Should -HaveCount 8
        @($afterKill | Where-Object Status -EQ 'Sending').Count | Should -BeLessOrEqual 1
        @($afterKill | Where-Object Status -NotIn 'Sent', 'Sending', 'Pending') | Should -BeNullOrEmpty
        $receivedBefore = @(Get-ReceivedMail $server)

        Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $server.Port -From 'mdm@example.com' -CheckInUrl $CheckInUrl
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Sent'
        $mail = @(Get-ReceivedMail $server)
        ($mail.email_id | Sort-Object -Unique) | Should -HaveCount 8 -Because 'no entry is lost'
        $duplicates = @($mail | Group-Object email_id | Where-Object Count -GT 1)
        $duplicates.Count | Should -BeLessOrEqual 1 -Because 'at most the message in flight is sent again'
        foreach ($group in $duplicates) {
            @($group.Group.message_id | Sort-Object -Unique) | Should -HaveCount 1 -Because 'a re-send carries the same Message-ID'
            $entry = $emails | Where-Object Id -EQ ([long]$group.Name)
            $entry.Attempts | Should -Be 2
            $receivedBefore.email_id | Should -Contain $group.Name
        }
        foreach ($entry in $emails) {
            ($mail | Where-Object email_id -EQ "$($entry.Id)").message_id | Select-Object -First 1 | Should -Be "<$($entry.MessageId)>"
        }
    }
}

# A failure to connect that may pass (refused, reset, timed out) is tried again within the run; a server name that
# DNS says does not exist is not: it fails at once, naming the host. Attempts are counted by the -Verbose line of
# each try. The name is under .invalid (RFC 2606), which never resolves.
Describe '14.2 Connecting to the SMTP server' {
    BeforeAll {
        function Get-ConnectAttempts($Run) { @($Run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Connecting to the SMTP server*' }) }
    }
    BeforeEach {
        New-TestStore | Out-Null
        New-Devices 1
    }

    It '14.2 a server name that does not resolve fails at once, naming the host; a setting, so the email counts no attempt but keeps the reason (walkthrough 42, 1)' {
        $run = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 'mail.bmg-test.invalid' -Port 2525 -From 'mdm@example.com' -CheckInUrl $script:CheckInUrl -Verbose 4>&1 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $run.Terminating.CategoryInfo.Category | Should -Be 'ConnectionError'
        $run.Terminating.TargetObject | Should -Be 'mail.bmg-test.invalid'
        $run.Terminating.Exception.Message | Should -BeLike "The SMTP server name 'mail.bmg-test.invalid' does not resolve*not tried again*-SmtpServer*"
        $attempts = Get-ConnectAttempts $run
        $attempts.Message | Should -Be "Connecting to the SMTP server 'mail.bmg-test.invalid:2525' (try 1 of 3)." -Because 'a name that does not exist is not tried again'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Pending'
        $email.Attempts | Should -Be 0 -Because 'a name that does not exist is the run''s setting, as TLS or a credential: no email is at fault'
        $email.LastError | Should -Be $run.Terminating.Exception.Message

        # Night after night of the typo: the email is never given up on, though -MaxAttempts 1 would allow one attempt only.
        foreach ($night in 1..2) {
            $run = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 'mail.bmg-test.invalid' -Port 2525 -From 'mdm@example.com' -CheckInUrl $script:CheckInUrl -MaxAttempts 1 }
            Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        }
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Pending'
        $email.Attempts | Should -Be 0
        $email.StatusReason | Should -BeNullOrEmpty
    }

    It '14.2 a refused connection is tried again within the run (3 tries), then stops the run; the email it was for counts the attempt and keeps the reason (walkthrough 14)' {
        $refusing = New-RefusingPort
        $port = $refusing.LocalEndPoint.Port
        # The product's back-off (1 s, then 2 s), not the file's short one: one run of the real waits between tries.
        $env:BMG_TEST_SMTP_RETRY_DELAY_MS = $null
        try { $run = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $port -From 'mdm@example.com' -CheckInUrl $script:CheckInUrl -Verbose 4>&1 } }
        finally { $refusing.Dispose(); $env:BMG_TEST_SMTP_RETRY_DELAY_MS = '50' }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $run.Terminating.Exception.Message | Should -BeLike "Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)*"
        (Get-ConnectAttempts $run).Message | Should -Be @(1..3 | ForEach-Object { "Connecting to the SMTP server '127.0.0.1:$port' (try $_ of 3)." })
        # The trace a nightly run leaves in the store: the email it was sending, Pending, one attempt, and why.
        New-Devices 1 -Prefix 'other'
        $email = Get-BmgCheckInEmail -Identifier 'dev01'
        $email.Status | Should -Be 'Pending'
        $email.Attempts | Should -Be 1
        $email.LastError | Should -BeLike "Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)*"
        $email.StatusReason | Should -BeNullOrEmpty

        # Counted as a connection broken mid-send is: -MaxAttempts used up makes it Failed, naming the limit and the reason.
        $run = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $port -From 'mdm@example.com' -CheckInUrl $script:CheckInUrl -MaxAttempts 2 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        # The stop names the email it gave up on, and how to send it (walkthrough 42, 1: it said only "Could not connect").
        $run.Terminating.Exception.Message | Should -BeLike ("Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)*. The run stopped: email 1 counted this attempt " +
            "and is Failed (Gave up after 2 attempts (-MaxAttempts 2)): no later run sends it by itself; once the server takes mail, " +
            "Get-BmgCheckInEmail -Status Failed -LiteralIdentifier 'dev01' | Send-BmgCheckInEmail sends it; the emails after it were not tried*")
        $email = Get-BmgCheckInEmail -Identifier 'dev01'
        $email.Status | Should -Be 'Failed'
        $email.Attempts | Should -Be 2
        $email.StatusReason | Should -BeLike "Gave up after 2 attempts (-MaxAttempts 2); the last: Could not connect to the SMTP server '127.0.0.1:$port'*"
        (Get-BmgCheckInEmail -Identifier 'other01').Attempts | Should -Be 0 -Because 'the run stopped before it was tried'
    }
}

# Walkthrough 33c: a relay that never greets, never answers a message, rate-limits the sender or greylists every address.
# The timeouts are short (-TimeoutSec 1 or 5) and only outcomes are asserted: what the run ended with, and each email's
# Status, Attempts and LastError; no clock is read.
Describe '14.2 A relay that hangs, defers the sender or greylists (walkthrough 33c)' {
    BeforeEach { New-TestStore | Out-Null }
    AfterEach { if ($script:server) { Stop-SmtpTestServer $script:server; $script:server = $null } }

    It '14.2 a server that accepts the connection and never greets: -TimeoutSec bounds each try, 3 tries, then SmtpConnectionFailed "did not answer within N s"; only the email tried counts' {
        $script:server = Start-SmtpTestServer -Arguments '--hang'
        New-Devices 2
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -TimeoutSec 1 -Verbose 4>&1 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $run.Terminating.Exception.Message | Should -Be "Could not connect to the SMTP server '127.0.0.1:$($server.Port)' (3 tries): it did not answer within 1 s"
        @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Connecting to the SMTP server*' }) | Should -HaveCount 3
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Pending')
        $emails.Attempts | Should -Be @(1, 0)
        $emails[0].LastError | Should -Be $run.Terminating.Exception.Message
        $emails[0].LastError | Should -Not -BeLike '*may have been delivered*' -Because 'nothing reached the server'
    }

    It '14.2 a server that stores the message and never answers: the run stops (SmtpConnectionFailed), the email says it may have been delivered, and keeps saying so after a reconnect fails' {
        $script:server = Start-SmtpTestServer -Arguments '--delay', '100000'
        # -TimeoutSec 5, not 2: every command before the message's last reply must be answered within it, by a server
        # process that shares two cores with CI's other test processes.
        New-Devices 2
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -TimeoutSec 5 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $run.Terminating.Exception.Message | Should -BeLike "The SMTP server '127.0.0.1:$($server.Port)' did not answer within 5 s while email 1 was being sent. The run stopped: email 1 counted this attempt and is Pending; the emails after it were not tried*"
        @(Get-ReceivedMail $server) | Should -HaveCount 1 -Because 'the server has the message it never confirmed'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Pending')
        $emails.Attempts | Should -Be @(1, 0)
        $emails[0].LastError | Should -BeLike "The SMTP server '127.0.0.1:*' did not answer within 5 s, after the message was handed over: it may have been delivered, and sending it again may deliver it twice"

        # The next night the server is down: the connect error does not wipe out that the message may be there already.
        $port = $server.Port
        Stop-SmtpTestServer $script:server; $script:server = $null
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -TimeoutSec 5 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $email = Get-BmgCheckInEmail -Identifier dev01
        $email.Attempts | Should -Be 2
        $email.LastError | Should -BeLike "Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)*; an earlier try: The SMTP server * did not answer within 5 s, after the message was handed over: it may have been delivered*"

        # Back up: sent (a second copy of email 1, said honestly above), and a Sent email reads as delivered.
        $script:server = Start-SmtpTestServer
        $send = Get-SendParameters $server
        Send-BmgCheckInEmail @send
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
        (Get-BmgCheckInEmail).LastError -join '' | Should -BeNullOrEmpty
    }

    It '14.2 Ctrl+C before the message reached the server counts no attempt: <Name>' -ForEach @(
        # Seen: what the server has seen once the run waits where the stop must land (the connection it never greets; the first
        # message), waited for beside the emails' states: on two loaded cores the state alone was seen while the run still
        # made its round trips of the claim (claim47: round 46's CI).
        @{ Name = 'the server has not greeted'; ServerArguments = @('--hang'); Devices = 1; Throttle = 0; Stopped = @('Sending')
            Seen = { @(Get-ServerEvent $server | Where-Object event -EQ 'hanging').Count -eq 1 } }
        # -Throttle 1: a minute's pause before the second message, after the first was sent on the same connection.
        @{ Name = 'the throttle''s pause after a message was sent'; ServerArguments = @(); Devices = 2; Throttle = 1; Stopped = @('Sent', 'Sending')
            Seen = { @(Get-ReceivedMail $server).Count -eq 1 } }
    ) {
        $script:server = Start-SmtpTestServer -Arguments $ServerArguments
        $database = New-TestStore
        New-Devices $Devices
        $ps = [powershell]::Create()
        try {
            # -TimeoutSec 600: the stop, not the timeout, must end the wait, however slow the machine.
            $null = $ps.AddScript({
                    param($Module, $Database, $Port, $Throttle)
                    Import-Module $Module
                    Send-BmgCheckInEmail -Database $Database -SmtpServer 127.0.0.1 -Port $Port -From 'mdm@example.com' -CheckInUrl 'https://x.example/c' -TimeoutSec 600 -Throttle $Throttle
                }).AddArgument($env:BMG_TEST_MODULE).AddArgument($database).AddArgument($server.Port).AddArgument($Throttle)
            $handle = $ps.BeginInvoke()
            $null = Wait-Until -What "the emails to be $Stopped, the server having seen the run" -Abort { $handle.IsCompleted } -Condition { (& $Seen) -and "$((Get-BmgCheckInEmail).Status)" -eq "$Stopped" }
            "$((Get-BmgCheckInEmail).Status)" | Should -Be "$Stopped" -Because 'the run claimed the last email and waits (for the greeting, or the throttle)'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
        $email = @(Get-BmgCheckInEmail)[-1]
        $email.Status | Should -Be 'Pending'
        $email.Attempts | Should -Be 0 -Because 'a stop before the message reached the server is no attempt (five stopped nights would have made it Failed)'
        $email.LastError | Should -BeNullOrEmpty
    }

    It '14.2 <Name> to MAIL FROM: the run stops once (SmtpServerDeferred), the email tried counts one attempt, the others are untouched' -ForEach @(
        @{ Name = 'a 451 rate limit'; Reply = '451 4.7.1 Rate limit exceeded, try again later' }
        @{ Name = 'a 421'; Reply = '421 4.7.0 Too many connections from your host, closing' }
    ) {
        $script:server = Start-SmtpTestServer -Arguments '--mail-reply', $Reply
        New-Devices 4
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpServerDeferred'
        $run.Terminating.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $run.Terminating.Exception.Message | Should -BeLike "The SMTP server '127.0.0.1:$($server.Port)' refuses to take mail now: $Reply*. The run stopped: email 1 counted this attempt and is Pending; the emails after it were not tried*"
        $run.Warnings | Should -BeNullOrEmpty -Because 'no email is deferred on its own: the run stopped'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Pending'
        $emails.Attempts | Should -Be @(1, 0, 0, 0)
        $emails[0].LastError | Should -Be $Reply
        $emails[1..3].LastError -join '' | Should -BeNullOrEmpty
        @(Get-ReceivedMail $server) | Should -HaveCount 0
    }

    # Thirty-fourth round, left34d: a relay that takes N messages a connection and answers the next MAIL FROM with a 421
    # ended the run after N emails (SmtpServerDeferred), each night.
    It '14.2 a relay that closes each connection with a 421 after 2 messages: the run connects again and sends all, one attempt each (left34d)' {
        $script:server = Start-SmtpTestServer -Arguments '--messages-per-connection', '2'
        New-Devices 5
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty -Because "a 421 after the connection's messages is its limit, not a deferral of the sender"
        $run.Errors | Should -BeNullOrEmpty
        $run.Warnings | Should -BeNullOrEmpty
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Sent'
        $emails.Attempts | Should -Be @(1, 1, 1, 1, 1) -Because 'the reconnect is part of the attempt: the 421 is no fault of the email'
        $emails.LastError -join '' | Should -BeNullOrEmpty
        (Get-ReceivedMail $server).rcpt_tos | Should -Be @(1..5 | ForEach-Object { "user$_@example.com" })
        @(Get-ServerEvent $server | Where-Object event -EQ 'connection limit').accepted | Should -Be @(2, 2)
    }

    It '14.2 one greylisted address is its own matter: tried once, a warning, Pending; the others are sent' {
        $script:server = Start-SmtpTestServer -Arguments '--defer-rcpt', 'user2@'
        New-Devices 3
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Warnings.Message | Should -Be @("Email 2 to 'user2@example.com' was deferred by the server (450 4.2.0 <user2@example.com>: Recipient address rejected: Greylisted, try again later); it stays Pending, and the next run tries again (a deferred address is not tried again in the same run).")
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Pending', 'Sent')
        $emails.Attempts | Should -Be @(1, 1, 1) -Because 'a deferred address is not retried seconds later: the reply holds for minutes'
        $emails[1].LastError | Should -BeLike '450 4.2.0 <user2@example.com>: Recipient address rejected: Greylisted*'
    }

    # Thirty-fourth round, left34b, 1: a relay that greylisted every new recipient stopped each night's run after 3 of them
    # (SmtpServerDeferred "deferred 3 different recipients in a row"), 3 attempts each, so a night delivered almost nothing.
    It '14.2 a relay that greylists every new recipient: each email tried once and left Pending, the run goes on to the end and counts them; after the delay the next run sends them all (left34b)' {
        $script:server = Start-SmtpTestServer -Arguments '--greylist-rcpt', '4'
        New-Devices 5
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty -Because 'a deferred address is no reason to stop the run'
        $run.Errors | Should -BeNullOrEmpty
        $run.Warnings | Should -HaveCount 6
        $run.Warnings[0..4].Message | Should -BeLike "Email ? to 'user?@example.com' was deferred by the server (450 4.2.0 *Greylisted for 4 seconds*); it stays Pending, and the next run tries again*"
        $run.Warnings[5].Message | Should -Be '5 emails were deferred (a 4xx reply, such as a greylisted address, or a broken connection) and stay Pending: the next run tries them again. Get-BmgCheckInEmail -Status Pending | Format-List Identifier, Recipient, Attempts, LastError shows them.'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Pending'
        $emails.Attempts | Should -Be @(1, 1, 1, 1, 1) -Because 'every email was tried, once'
        @(Get-ServerEvent $server | Where-Object event -EQ 'greylisted').rcpt | Should -Be @(1..5 | ForEach-Object { "user$_@example.com" })
        @(Get-ReceivedMail $server) | Should -HaveCount 0

        # The next night (here: once the greylist's 4 s have passed since the run that made each pair known) gets through.
        Start-Sleep -Seconds 4
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Warnings | Should -BeNullOrEmpty
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Sent'
        $emails.Attempts | Should -Be @(2, 2, 2, 2, 2)
        (Get-ReceivedMail $server).rcpt_tos | Should -Be @(1..5 | ForEach-Object { "user$_@example.com" })
    }

    It '14.2 addresses deferred every night: one attempt a night, then Failed (CheckInEmailGaveUp) at -MaxAttempts, the run going on' {
        $script:server = Start-SmtpTestServer -Arguments '--defer-rcpt', '@example.com'
        New-Devices 3
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 2 }
        $run.Terminating | Should -BeNullOrEmpty
        (Get-BmgCheckInEmail).Attempts | Should -Be @(1, 1, 1)
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 2 }
        $run.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $run.Errors 'CheckInEmailGaveUp' -Count 3
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Failed'
        $emails.Attempts | Should -Be @(2, 2, 2)
        $emails[0].StatusReason | Should -BeLike 'Gave up after 2 attempts (-MaxAttempts 2); the last: 450 4.2.0 <user1@example.com>*'
    }

    It '14.2 a deferred address of a Failed email piped back gets this run''s 3 tries and is Failed again, not left for the nightly run' {
        $script:server = Start-SmtpTestServer -Arguments '--defer-rcpt', 'user1@'
        New-Devices 1
        $send = Get-SendParameters $server
        $null = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 1 }
        (Get-BmgCheckInEmail).Status | Should -Be 'Failed'
        $run = Invoke-Captured { Get-BmgCheckInEmail -Status Failed | Send-BmgCheckInEmail @send -MaxAttempts 1 }
        Assert-ErrorId $run.Errors 'CheckInEmailGaveUp'
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        $email.Attempts | Should -Be 4
        $email.StatusReason | Should -BeLike 'Gave up after 4 attempts (sent again after it had failed: this run''s 3 attempts were used up); the last: 450 *'
    }

    # Thirty-fourth round, left34b, 2: a 421 greeting was tried 3 times and ended as SmtpConnectionFailed "Could not connect
    # ... : 4.3.2 Service not available", the reply's code lost.
    It '14.2 a 421 greeting ("service not available, try later"): SmtpServerDeferred at once, not tried again; the email tried counts one attempt, nothing is sent' {
        $script:server = Start-SmtpTestServer -Arguments '--greeting', '421 4.3.2 Service not available, try later'
        New-Devices 3
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -Verbose 4>&1 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpServerDeferred'
        $run.Terminating.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $run.Terminating.Exception.Message | Should -BeLike "The SMTP server '127.0.0.1:$($server.Port)' refuses to take mail now: 421 4.3.2 Service not available, try later. The run stopped: email 1 counted this attempt and is Pending; the emails after it were not tried*"
        @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Connecting to the SMTP server*' }) | Should -HaveCount 1 -Because 'a server that said to come back later is not asked again a second later'
        # The server writes its event before it sends the greeting (a client that ended at once used to find it missing).
        @(Get-ServerEvent $server | Where-Object event -EQ 'greeting') | Should -HaveCount 1
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Sort-Object -Unique | Should -Be 'Pending'
        $emails.Attempts | Should -Be @(1, 0, 0)
        $emails[0].LastError | Should -Be '421 4.3.2 Service not available, try later'
        @(Get-ReceivedMail $server) | Should -HaveCount 0
    }

    It '14.2 a 554 greeting (the server refuses this client, a blocklisted address): SmtpConnectionFailed at once, the reply''s code kept, not tried again; nothing is sent' {
        $script:server = Start-SmtpTestServer -Arguments '--greeting', '554 5.7.1 Your IP is listed on a blocklist'
        New-Devices 2
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -Verbose 4>&1 }
        Get-ErrorId $run.Terminating | Should -Be 'SmtpConnectionFailed'
        $run.Terminating.Exception.Message | Should -Be "The SMTP server '127.0.0.1:$($server.Port)' refused the session: 554 5.7.1 Your IP is listed on a blocklist; it was not tried again, and nothing was sent."
        @(Get-ServerEvent $server | Where-Object event -EQ 'greeting') | Should -HaveCount 1 -Because 'a refusal for good is not asked again a second later'
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Pending')
        $emails.Attempts | Should -Be @(1, 0)
        $emails[0].LastError | Should -Be $run.Terminating.Exception.Message
    }

    It '14.2 a message stored by the relay, its reply lost, then sent on the next try: Sent, and a warning and StatusReason say the user may have it twice (walkthrough 42, 2)' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', 'lost'
        New-Devices 2
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty
        @($run.Warnings) | Should -HaveCount 1
        "$($run.Warnings)" | Should -Be ("Email 1 to 'user1@example.com' (device 'dev01') was sent, but an earlier try was handed over to the server and not confirmed: " +
            "its user may have received it twice (the same Message-ID). Get-BmgCheckInEmail -Status Sent | Where-Object StatusReason -Like '*received it twice*' lists such emails.")
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Sent', 'Sent')
        $emails.Attempts | Should -Be @(2, 1)
        $emails[0].LastError | Should -BeNullOrEmpty
        $emails[0].StatusReason | Should -BeLike ("Sent by * (Send-BmgCheckInEmail). Sent, but an earlier try was handed over to the server and not confirmed, so its user may have received it twice (the same Message-ID): " +
            "Connection to '127.0.0.1' failed: *, after the message was handed over: it may have been delivered*")
        $emails[1].StatusReason | Should -BeLike 'Sent by * (Send-BmgCheckInEmail).' -Because 'the second email was sent at its first try: who sent it, nothing more'
        @(Get-BmgCheckInEmail -Status Sent | Where-Object StatusReason -Like '*received it twice*').Id | Should -Be @(1)
        $mail = @(Get-ReceivedMail $server)
        @($mail | Where-Object email_id -EQ '1') | Should -HaveCount 2 -Because 'the relay stored the first try too'
    }

    It '14.2 a relay that stores the whole message and hangs up before its reply: Pending, "may have been delivered", the same Message-ID each time' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', 'lost,lost,lost'
        New-Devices 2
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $run.Terminating | Should -BeNullOrEmpty
        "$($run.Warnings)" | Should -BeLike "*Email 1 to 'user1@example.com' failed 3 times in this run (*may have been delivered*); the next run tries again.*"
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Sent')
        $emails[0].Attempts | Should -Be 3
        $emails[0].LastError | Should -BeLike "Connection to '127.0.0.1' failed: *, after the message was handed over: it may have been delivered, and sending it again may deliver it twice"
        $mail = @(Get-ReceivedMail $server)
        @($mail | Where-Object email_id -EQ '1').message_id | Sort-Object -Unique | Should -Be "<$($emails[0].MessageId)>" -Because 'a copy the user may get twice is the same message'
    }

    # Walkthrough 42, finding 8: LastError read "Connection to '127.0.0.1' failed: The SMTP server has unexpectedly disconnected:
    # End data with <CR><LF>.<CR><LF>", quoting the server's 354 (its go-ahead for the content) as if it were the reason.
    It '14.2 a server that hangs up after DATA (<Mode>): LastError and StatusReason say the server closed the connection, not its 354' -TestCases @(
        @{ Mode = 'lost' }   # the whole message taken, the connection closed before the final reply
        @{ Mode = 'drop' }   # the connection closed while the content was being sent
    ) {
        param($Mode)
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', $Mode
        New-Devices 1
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send -MaxAttempts 1 }
        Assert-ErrorId $run.Errors 'CheckInEmailGaveUp'
        @(Get-ServerEvent $server | Where-Object event -EQ $(if ($Mode -eq 'lost') { 'lost' } else { 'dropped' })) | Should -HaveCount 1
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        # Mid-content the client may be writing when the server hangs up: the socket's own reason (a reset) is as true then.
        $closed = if ($Mode -eq 'lost') { 'the SMTP server closed the connection without a reply' } else { '*' }
        $expected = "Connection to '127.0.0.1' failed: $closed, after the message was handed over: " +
            'it may have been delivered, and sending it again may deliver it twice'
        $email.LastError | Should -BeLike $expected
        $email.StatusReason | Should -BeLike "Gave up after 1 attempts (-MaxAttempts 1); the last: $expected"
        foreach ($text in $email.LastError, $email.StatusReason, "$($run.Errors)") {
            $text | Should -Not -BeLike '*354*'
            $text | Should -Not -BeLike '*End data*'
        }
    }

    It '14.2 a server that refuses the message after its content (554 after DATA): LastError is the code and the server''s reason' {
        $script:server = Start-SmtpTestServer -Arguments '--data-replies', '554'
        New-Devices 1
        $send = Get-SendParameters $server
        $run = Invoke-Captured { Send-BmgCheckInEmail @send }
        $email = Get-BmgCheckInEmail
        $email.Status | Should -Be 'Failed'
        $email.LastError | Should -BeExactly '554 5.6.0 Message rejected as content'
        $email.StatusReason | Should -BeExactly 'The server refused the message for good: 554 5.6.0 Message rejected as content'
    }
}

# Walkthrough 14, finding 9: the help's nightly send, run as a scheduled task runs it (pwsh -File, output redirected).
Describe '14.2 The nightly send of the help under pwsh -File' {
    BeforeAll {
        function Invoke-NightlySend([string] $Store, [int] $Port) {
            $example = @((Get-Help Send-BmgCheckInEmail).examples.example | Where-Object { $_.title -like '*nightly send for a scheduled task*' })
            $example | Should -HaveCount 1
            $job = Join-Path $TestDrive ('job-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $job
            Invoke-FreshPwsh -LogFolder $job -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$env:BMG_DATABASE = '$Store'
`$env:BMG_SMTP_SERVER = '127.0.0.1'; `$env:BMG_SMTP_FROM = 'mdm@example.com'; `$env:BMG_CHECKIN_URL = '$script:CheckInUrl'
`$PSDefaultParameterValues['Send-BmgCheckInEmail:Port'] = $Port
$($example[0].code)
"@
        }
    }
    AfterEach { if ($script:server) { Stop-SmtpTestServer $script:server; $script:server = $null } }

    It 'the server down: exit code 1, the reason on stderr and on the email; then the server up: exit code 0, every email sent' {
        $store = New-TestStore
        New-Devices 2
        $refusing = New-RefusingPort   # the server is down
        $port = $refusing.LocalEndPoint.Port
        try { $job = Invoke-NightlySend $store $port }
        finally { $refusing.Dispose() }
        $job.ExitCode | Should -Be 1 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        # The stopping error one line led by its ErrorId (walkthrough 26, finding 3), as the import's nightly job logs it.
        $job.Err | Should -Match ('(?m)^SmtpConnectionFailed: ' + [regex]::Escape("Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)"))
        $emails = @(Get-BmgCheckInEmail)
        $emails.Status | Should -Be @('Pending', 'Pending')
        $emails[0].Attempts | Should -Be 1
        $emails[0].LastError | Should -BeLike "Could not connect to the SMTP server '127.0.0.1:$port' (3 tries)*"

        $script:server = Start-SmtpTestServer
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 0 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Err | Should -BeNullOrEmpty
        $job.Out | Should -Match '(?m)^\s*1\s+dev01\s+user1@example\.com\s+Sent\s+2\s*$'
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Sent')
        (Get-BmgCheckInEmail).LastError -join '' | Should -BeNullOrEmpty -Because 'a Sent email does not read as failed'
    }

    It 'a relay that rate-limits the sender: exit code 1, SmtpServerDeferred on stderr, one attempt counted (walkthrough 33c, findings 1 and 4)' {
        $store = New-TestStore
        New-Devices 3
        $script:server = Start-SmtpTestServer -Arguments '--mail-reply', '451 4.7.1 Rate limit exceeded, try again later'
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 1 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Err | Should -Match "(?m)^SmtpServerDeferred: The SMTP server '127\.0\.0\.1:$($server.Port)' refuses to take mail now: 451 4\.7\.1 Rate limit exceeded"
        $job.Err | Should -Not -Match 'CheckInEmailRejected'
        (Get-BmgCheckInEmail).Attempts | Should -Be @(1, 0, 0)
    }

    It 'a relay that greets with 421: exit code 1, SmtpServerDeferred on stderr, nothing sent (left34b)' {
        $store = New-TestStore
        New-Devices 2
        $script:server = Start-SmtpTestServer -Arguments '--greeting', '421 4.3.2 Service not available, try later'
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 1 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Err | Should -Match "(?m)^SmtpServerDeferred: The SMTP server '127\.0\.0\.1:$($server.Port)' refuses to take mail now: 421 4\.3\.2 Service not available"
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')
        @(Get-ReceivedMail $server) | Should -HaveCount 0
    }

    It 'a relay that greylists every new recipient: every email tried and left Pending, nothing on stderr, exit code 2 (left34b)' {
        $store = New-TestStore
        New-Devices 4
        $script:server = Start-SmtpTestServer -Arguments '--greylist-rcpt', '3600'
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 2 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Err | Should -BeNullOrEmpty
        $job.Out | Should -Match '(?m)^WARNING: 4 emails were deferred'
        (Get-BmgCheckInEmail).Attempts | Should -Be @(1, 1, 1, 1)
    }

    It 'a greylisted address left Pending: the others are sent, exit code 2 (not delivered tonight, nothing refused)' {
        $store = New-TestStore
        New-Devices 3
        $script:server = Start-SmtpTestServer -Arguments '--defer-rcpt', 'user2@'
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 2 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Err | Should -BeNullOrEmpty
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Pending', 'Sent')
    }

    It 'a refused address: the other emails are sent, the refusal on stderr, exit code 1' {
        $store = New-TestStore
        New-Devices 3
        $script:server = Start-SmtpTestServer -Arguments '--reject-rcpt', 'user2@'
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 1 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        # One line led by its ErrorId, not PowerShell's error view (the script's position, wrapped at 80 columns): a log grepped
        # for CheckInEmailRejected finds it (walkthrough 26, finding 3).
        $job.Err | Should -Match "(?m)^CheckInEmailRejected: Email 2 to 'user2@example\.com' \(device 'dev02'\) failed: 550[^\r\n]*$"
        $job.Err | Should -Not -Match 'Line \|'
        (Get-BmgCheckInEmail).Status | Should -Be @('Sent', 'Failed', 'Sent')
        (Get-ReceivedMail $server).rcpt_tos | Should -Be @('user1@example.com', 'user3@example.com')
    }

    # Format-Table without -AutoSize sizes its columns from the first emails (about 50): on a night of 5,000 every Id above 99
    # and every longer Identifier or address was cut ('…22', 'yamada.taro@examp…').
    It 'the log''s table is sized to every email: Id 101 and a long Identifier and Recipient after 100 short ones are not cut (walkthrough 26, finding 3)' {
        $store = New-TestStore
        New-Devices 100
        $longRecipient = 'suzuki.ichiro.kitting-team@branch-office.example.co.jp'
        New-BmgDevice -Identifier 'mailcut-000000000001' -OS ios -RegistrationEmail $longRecipient | Out-Null
        $script:server = Start-SmtpTestServer
        $job = Invoke-NightlySend $store $server.Port
        $job.ExitCode | Should -Be 0 -Because "stdout: $($job.Out) stderr: $($job.Err)"
        $job.Out | Should -Match ('(?m)^\s*101\s+' + [regex]::Escape('mailcut-000000000001') + '\s+' + [regex]::Escape($longRecipient) + '\s+Sent\s+1\s*$')
        $job.Out | Should -Not -Match '…'
    }
}
