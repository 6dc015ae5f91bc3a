# README "Back up and restore", "Export-Clixml is no backup of the codes' secrecy": Export-Clixml writes a device's Code as
# PowerShell writes any SecureString, a credential's password too. On Linux and macOS that is the code's UTF-16 bytes in
# hexadecimal, readable by anyone who reads the file, and PowerShell warns of nothing (thirty-third round: the module
# matches that and adds no warning of its own; it does not run when Export-Clixml does). On Windows it is encrypted with
# the user's DPAPI key. Real module, real store, real files; the Code type is the module's (a SecureString).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The <SS> text Export-Clixml wrote for the property named $Name.
    function Get-ClixmlSecret([string] $Path, [string] $Name) {
        $xml = [xml](Get-Content -Raw -LiteralPath $Path)
        @($xml.GetElementsByTagName('SS') | Where-Object { $_.GetAttribute('N') -eq $Name })[0].InnerText
    }
}

Describe 'Export-Clixml of devices' {
    BeforeAll {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'clx-001' -OS ios -Code 'ZXCVBNMA' -RegistrationEmail 'clx@example.com' | Out-Null
        $script:Devices = Join-Path $TestDrive 'devices.xml'
        $script:Credential = Join-Path $TestDrive 'credential.xml'
        Get-BmgDevice clx-001 | Export-Clixml -LiteralPath $Devices -WarningVariable script:warnings
        [pscredential]::new('admin', (ConvertTo-SecureString 'ZXCVBNMA' -AsPlainText -Force)) | Export-Clixml -LiteralPath $Credential
        $script:PlainHex = [Convert]::ToHexString([Text.Encoding]::Unicode.GetBytes('ZXCVBNMA'))
    }

    It 'writes the code as PowerShell writes a credential''s password, with no warning' {
        $code = Get-ClixmlSecret $Devices 'Code'
        $code | Should -Not -BeNullOrEmpty -Because 'the code is written as a SecureString (<SS>), not as text'
        (Get-Content -Raw -LiteralPath $Devices) | Should -Not -Match 'ZXCVBNMA'
        $warnings | Should -BeNullOrEmpty
        if ($IsWindows) {
            $code | Should -Not -Be $PlainHex -Because 'on Windows the user''s DPAPI key encrypts it'
        } else {
            # Unencrypted: the code's UTF-16 bytes in hexadecimal, the very form of a credential's password.
            $code | Should -Be $PlainHex
            Get-ClixmlSecret $Credential 'Password' | Should -Be $PlainHex
        }
    }

    It 'reads the code back with Import-Clixml in the session that wrote it' {
        $back = Import-Clixml -LiteralPath $Devices
        $back.Code | Should -BeOfType [securestring]
        $back.Code | ConvertFrom-SecureString -AsPlainText | Should -BeExactly 'ZXCVBNMA'
    }
}
