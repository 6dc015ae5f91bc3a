# Run by Import-Module before it loads the module's code (the manifest's ScriptsToProcess), after it read the types and formats.
# .NET can't unload an assembly and loads one name once per process: when another version's BizMobileGo.PowerShell.dll is
# already loaded (Remove-Module, then Import-Module after an update; or Import-Module -Force -RequiredVersion of another
# version), PowerShell would fail with a raw FileLoadException, or 20 TypeData errors, and leave the session without the
# module's commands. This says what happened and what to do instead, as one ErrorRecord (walkthrough 32b, 3).
# A script block of its own: ScriptsToProcess runs in the caller's scope, which must not gain its variables.
& {
    $moduleFolder = $PSScriptRoot
    $wanted = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleFolder 'BizMobileGo.PowerShell.dll')).Version
    $loaded = [System.AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'BizMobileGo.PowerShell' -and $_.GetName().Version -ne $wanted } |
        Select-Object -First 1
    if ($loaded) {
        $old = $loaded.GetName().Version
        $oldText = '{0}.{1}.{2}' -f $old.Major, $old.Minor, $old.Build
        $newText = '{0}.{1}.{2}' -f $wanted.Major, $wanted.Minor, $wanted.Build
        $message = "BizMobileGo $oldText's code is loaded in this process (from '$(Split-Path $loaded.Location)'), and .NET " +
            "can't unload it: BizMobileGo $newText can't be imported beside it. Start a new pwsh to use $newText " +
            "(Import-Module BizMobileGo -RequiredVersion $oldText brings $oldText's commands back in this one)."
        # PowerShell read this version's types before running this script: take them away again, or the loaded version's
        # own import (-RequiredVersion) would fail with 20 TypeData errors ("The member … is already present").
        Remove-TypeData -Path (Join-Path $moduleFolder 'BizMobileGo.Types.ps1xml') -ErrorAction SilentlyContinue
        throw [System.Management.Automation.ErrorRecord]::new([System.IO.FileLoadException]::new($message),
            'ModuleVersionAlreadyLoaded', [System.Management.Automation.ErrorCategory]::ResourceExists, $moduleFolder)
    }
}
