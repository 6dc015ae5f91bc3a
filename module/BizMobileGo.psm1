# The module's root. The cmdlets are the compiled BizMobileGo.PowerShell.dll beside it, imported below as this module's
# nested module. This script runs first for one reason: .NET loads one assembly name once per process and never unloads
# it, so a second version (an update installed while a session runs, a second copy side by side) can't load into a
# process that loaded one. Without this check PowerShell said so with its own errors before any module code ran: a
# FileLoadException ("Assembly with same name is already loaded") that left the session with no module, or, with
# Import-Module -Force, 20 lines of TypeData errors (walkthrough 32b, 3). The type data is added here too, after the
# check, and not by the manifest's TypesToProcess, which PowerShell processes before any module script can run.

#
# The script must run in ConstrainedLanguage too (a session constrained before the import, a locked-down host): there a
# .NET call or a property set stops it half-way, and PowerShell then listed the module with no commands (walkthrough 34a,
# 1). So the paths are plain strings, the check below (it needs .NET calls) runs in FullLanguage only, and the type data is
# taken away by the cmdlet assembly's OnRemove (ModuleInitializer.cs). In ConstrainedLanguage another loaded version is
# refused by PowerShell's own FileLoadException instead of ModuleVersionAlreadyLoaded.

# Strings and a plain loop, not Join-Path and .Where({ }): this runs at every import, and they cost several times as much.
$assemblyPath = "$PSScriptRoot/BizMobileGo.PowerShell.dll"
$typesPath = "$PSScriptRoot/BizMobileGo.Types.ps1xml"
$running = $null
if ($ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage') {
    foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($assembly.FullName.StartsWith('BizMobileGo.PowerShell,', [StringComparison]::Ordinal)) {
            $running = $assembly
            break
        }
    }
}
if ($running) {
    # A build is known by its module version id: two copies of one build (the built folder and its installed copy) are
    # the same code, and load as one; two builds of one version number are not, and the first loaded would run silently.
    $reader = [Reflection.PortableExecutable.PEReader]::new([IO.File]::OpenRead($assemblyPath))
    try {
        $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($reader)
        $build = $metadata.GetGuid($metadata.GetModuleDefinition().Mvid)
        $version = $metadata.GetAssemblyDefinition().Version.ToString(3)
    } finally {
        $reader.Dispose()
    }
    if ($running.ManifestModule.ModuleVersionId -ne $build) {
        $runningVersion = $running.GetName().Version.ToString(3)
        $which = if ($runningVersion -eq $version) { "another build of version $version" } else { "version $runningVersion" }
        $message = "BizMobileGo $version ('$PSScriptRoot') can't be loaded into this PowerShell session: $which is loaded already " +
            "(from '$(Split-Path $running.Location)'), and .NET loads a module's code only once in a process. Start a new pwsh " +
            "to use $version; 'Import-Module BizMobileGo -RequiredVersion $runningVersion' brings the loaded version's commands back in this one."
        # The ErrorId is BizMobileGo.Core.Errors.ErrorIds.ModuleVersionAlreadyLoaded, named as text: that assembly can't be used here.
        throw [Management.Automation.ErrorRecord]::new([InvalidOperationException]::new($message), 'ModuleVersionAlreadyLoaded',
            [Management.Automation.ErrorCategory]::ResourceExists, $PSScriptRoot)
    }

    # Another copy of the loaded build imported (Import-Module -Force of the installed copy over the built folder): the type
    # data that copy added is still there, and PowerShell would refuse this copy's member by member.
    foreach ($imported in Get-Module BizMobileGo) {
        $importedTypes = "$($imported.ModuleBase)/BizMobileGo.Types.ps1xml"
        if ($importedTypes -ne $typesPath) {
            Remove-TypeData -Path $importedTypes -ErrorAction Ignore
        }
    }
}

Import-Module $assemblyPath -ErrorAction Stop

# The views' type data, added as the manifest's TypesToProcess would; the cmdlet assembly's OnRemove takes it away with the module.
Update-TypeData -PrependPath $typesPath
