<#
.SYNOPSIS
    Writes the module's MAML help (BizMobileGo.PowerShell.dll-Help.xml) from module/help/*.md and the
    cmdlets' real parameter metadata.
.DESCRIPTION
    Run by build.ps1 in a fresh process after the module is laid out. The text comes from one file per
    cmdlet, module/help/<Cmdlet-Name>.md; names, types, parameter sets, positions, pipeline input,
    aliases and wildcard support come from the built cmdlets themselves, so they can't drift.

    Format of a help source (every heading is a level-1 '# ' line; the order is free):

        # Synopsis                 one paragraph
        # Description              paragraphs (blank-line separated; lines starting '- ' are list items)
        # Parameter <Name>         paragraphs; an optional last line 'Default: <text>' is the default value
        # Example <Title>          one ```powershell fenced block, then the paragraphs that explain it
        # Input <TypeName>         what can be piped in (repeatable; 'None' when nothing)
        # Output <TypeName>        what is written (repeatable; 'None' when nothing)
        # Notes                    optional paragraphs
        # Links                    '- Get-BmgDevice', '- about_BizMobileGo' or '- Text: https://...'

    module/help/_Common.md holds '# Parameter' sections shared by every cmdlet that has the parameter
    (-Database); a cmdlet's own section wins. -WhatIf and -Confirm get standard text unless a cmdlet
    file describes them. Every problem found is listed, and the script exits 1 when there is any.
.EXAMPLE
    dotnet pwsh -NoProfile -File module/help/New-MamlHelp.ps1 -ModuleManifest out/BizMobileGo/BizMobileGo.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [string] $SourceDirectory = $PSScriptRoot,
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath -PassThru -Force
if (-not $OutputPath) {
    $OutputPath = Join-Path $module.ModuleBase 'en-US/BizMobileGo.PowerShell.dll-Help.xml'
}

$problems = [System.Collections.Generic.List[string]]::new()
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters
$shouldProcessParameters = [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$standardText = @{
    WhatIf  = 'Shows what the cmdlet would do, without doing it. Nothing is written to the store.'
    Confirm = 'Asks for confirmation before each change.'
}

# ---- reading the sources ----

function Read-HelpSource([string] $Path) {
    $source = @{ Synopsis = $null; Description = $null; Notes = $null; Parameters = [ordered]@{}; Examples = @();
        Inputs = @(); Outputs = @(); Links = @() }
    $file = Split-Path -Leaf $Path
    $heading = $null
    $body = [System.Collections.Generic.List[string]]::new()
    $sections = [System.Collections.Generic.List[object]]::new()
    $lineNumber = 0
    $inCode = $false # a '# comment' inside a code block is not a heading
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $lineNumber++
        if ($line -match '^```') { $inCode = -not $inCode }
        if (-not $inCode -and $line -match '^# (.+?)\s*$') {
            if ($heading) { $sections.Add([pscustomobject]@{ Heading = $heading; Body = $body.ToArray(); Line = $headingLine }) }
            $heading = $Matches[1]; $headingLine = $lineNumber
            $body.Clear()
        } elseif ($heading) {
            $body.Add($line)
        } elseif ($line.Trim()) {
            $problems.Add("${file}:${lineNumber}: text before the first '# ' heading.")
        }
    }
    if ($heading) { $sections.Add([pscustomobject]@{ Heading = $heading; Body = $body.ToArray(); Line = $headingLine }) }

    foreach ($section in $sections) {
        $where = "${file}:$($section.Line)"
        switch -Regex ($section.Heading) {
            '^(Synopsis|Description|Notes)$' {
                $name = $Matches[1]
                if ($null -ne $source[$name]) { $problems.Add("${where}: a second '# $name' section.") }
                $source[$name] = @(ConvertTo-Paragraphs $section.Body)
            }
            '^Parameter (\S+)$' {
                $name = $Matches[1]
                if ($source.Parameters.Contains($name)) { $problems.Add("${where}: a second '# Parameter $name' section.") }
                $lines = [string[]]$section.Body
                $default = $null
                $last = @($lines | Where-Object { $_.Trim() }) | Select-Object -Last 1
                if ($last -and $last -match '^Default:\s*(.+)$') {
                    $default = $Matches[1].Trim()
                    $lines = @($lines | Where-Object { $_ -ne $last })
                }
                $source.Parameters[$name] = [pscustomobject]@{ Paragraphs = @(ConvertTo-Paragraphs $lines); Default = $default; Where = $where }
            }
            '^Example (.+)$' {
                $source.Examples += Read-Example $Matches[1] $section.Body $where
            }
            '^(Input|Output) (.+)$' {
                $entry = [pscustomobject]@{ Type = $Matches[2].Trim(); Paragraphs = @(ConvertTo-Paragraphs $section.Body); Where = $where }
                if ($Matches[1] -eq 'Input') { $source.Inputs += $entry } else { $source.Outputs += $entry }
            }
            '^Links$' {
                foreach ($line in $section.Body | Where-Object { $_.Trim() }) {
                    if ($line -match '^- (?:(.+?):\s+)?(https?://\S+)$') {
                        $source.Links += [pscustomobject]@{ Text = $(if ($Matches[1]) { $Matches[1] } else { $Matches[2] }); Uri = $Matches[2] }
                    } elseif ($line -match '^- (\S+)$') {
                        $source.Links += [pscustomobject]@{ Text = $Matches[1]; Uri = '' }
                    } else {
                        $problems.Add("${where}: a link must be '- Name' or '- Text: https://...', not '$line'.")
                    }
                }
            }
            default { $problems.Add("${where}: unknown section '# $($section.Heading)'.") }
        }
    }
    return $source
}

# Blank-line separated paragraphs; a line starting '- ' starts its own paragraph (a list item).
function ConvertTo-Paragraphs([string[]] $Lines) {
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        $text = $line.Trim()
        if (-not $text -or $text.StartsWith('- ')) {
            if ($current.Count) { $current -join ' '; $current.Clear() }
        }
        if ($text) { $current.Add($text) }
    }
    if ($current.Count) { $current -join ' ' }
}

function Read-Example([string] $Title, [string[]] $Lines, [string] $Where) {
    $open = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^```powershell\s*$' })
    $close = if ($open -ge 0) { [array]::FindIndex($Lines, $open + 1, [Predicate[string]] { param($l) $l -match '^```\s*$' }) } else { -1 }
    if ($open -lt 0 -or $close -lt 0) {
        $problems.Add("${Where}: example '$Title' has no ````powershell ... ```` code block.")
        return
    }
    $code = if ($close - $open -gt 1) { ($Lines[($open + 1)..($close - 1)] -join "`n").TrimEnd() } else { '' }
    if (-not $code.Trim()) { $problems.Add("${Where}: example '$Title' has an empty code block.") }
    $parseErrors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$parseErrors)
    foreach ($parseError in $parseErrors) {
        $problems.Add("${Where}: example '$Title' does not parse: $($parseError.Message) (line $($parseError.Extent.StartLineNumber) of the code)")
    }
    $after = if ($close + 1 -lt $Lines.Length) { $Lines[($close + 1)..($Lines.Length - 1)] } else { @() }
    $remarks = @(ConvertTo-Paragraphs $after)
    if ($open -gt 0 -and ($Lines[0..($open - 1)] | Where-Object { $_.Trim() })) {
        $problems.Add("${Where}: example '$Title' has text before its code block; put the explanation after it.")
    }
    if (-not $remarks) { $problems.Add("${Where}: example '$Title' has no explanation after its code block.") }
    [pscustomobject]@{ Title = $Title; Code = $code; Remarks = $remarks }
}

# ---- metadata ----

function Get-TypeLabel([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    if ($Type.IsArray) { return (Get-TypeLabel $Type.GetElementType()) + '[]' }
    return $Type.Name
}

function Get-ElementType([type] $Type) {
    if ($Type.IsArray) { $Type = $Type.GetElementType() }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    return $Type
}

function Get-PipelineText($Infos) {
    $kinds = @()
    if ($Infos.Where({ $_.ValueFromPipeline })) { $kinds += 'ByValue' }
    if ($Infos.Where({ $_.ValueFromPipelineByPropertyName })) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}


# The same position in every set, or each set's position named ("0 (Path), named (LiteralPath)").
function Join-PerSet([string[]] $Values, [string[]] $Sets) {
    if (@($Values | Select-Object -Unique).Count -le 1) { return $Values[0] }
    $named = for ($i = 0; $i -lt $Values.Count; $i++) { "$($Values[$i]) ($($Sets[$i]))" }
    $named -join ', '
}

# Positional parameters first, then mandatory ones, then the rest with -Database last and -WhatIf/-Confirm at the end.
function Get-ParameterRank($Info) {
    if ($Info.Position -ge 0) { return $Info.Position }
    if ($Info.IsMandatory) { return 1000 }
    switch ($Info.Name) { 'Database' { 3000 } 'WhatIf' { 4000 } 'Confirm' { 4001 } default { 2000 } }
}

# ---- writing MAML ----

$xml = [System.Text.StringBuilder]::new()
$escaper = [System.Security.SecurityElement]
function Add([string] $Text) { $null = $xml.Append($Text).Append("`n") }
function Get-ParagraphXml([string[]] $Paragraphs, [string] $Indent) {
    ($Paragraphs.ForEach({ "$Indent<maml:para>$($escaper::Escape($_))</maml:para>" })) -join "`n"
}
function Add-Paragraphs([string[]] $Paragraphs, [string] $Indent) { Add (Get-ParagraphXml $Paragraphs $Indent) }

# One parameter, as one string: this runs a few hundred times, and every PowerShell function call costs.
function Add-Parameter($Name, $Infos, $Sets, $Text, [switch] $InSyntax, [string] $Indent) {
    $first = $Infos[0]
    $type = $first.ParameterType
    $isSwitch = $type -eq [System.Management.Automation.SwitchParameter]
    # Get-Help reads 'required' as a boolean: true only when the parameter is mandatory in every set it is in.
    $required = (-not $Infos.Where({ -not $_.IsMandatory })).ToString().ToLowerInvariant()
    $position = Join-PerSet @($Infos.ForEach({ if ($_.Position -ge 0) { [string]$_.Position } else { 'named' } })) $Sets
    $globbing = ([bool]$parameters[$Name].Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToString().ToLowerInvariant()
    $aliases = if ($first.Aliases.Count) { $first.Aliases -join ', ' } else { 'none' }
    $variableLength = $type.IsArray.ToString().ToLowerInvariant()
    if ($null -eq $Text.PSObject.Properties['Xml']) {
        $Text | Add-Member -NotePropertyName Xml -NotePropertyValue (Get-ParagraphXml $Text.Paragraphs '    ')
    }
    $element = Get-ElementType $type
    # The values Get-Help's syntax lists ("-Action {Created | Changed | ...}"): an enum's names, or a validation attribute's
    # ValidValues (ValidateSet's, and HistoryFieldAttribute's, which validates with a did-you-mean that ValidateSet can't say).
    $validValues = if ($InSyntax -and -not $element.IsEnum) {
        $parameters[$Name].Attributes.Where({ $_ -is [System.Management.Automation.ValidateEnumeratedArgumentsAttribute] -and $_.PSObject.Properties['ValidValues'] }, 'First').ForEach('ValidValues')
    }
    $valueGroup = if ($InSyntax -and ($element.IsEnum -or $validValues)) {
        $names = if ($element.IsEnum) { [enum]::GetNames($element) } else { $validValues }
        $values = $names.ForEach({ "    <command:parameterValue required=`"false`" command:variableLength=`"false`">$($escaper::Escape($_))</command:parameterValue>" })
        "  <command:parameterValueGroup>`n$($values -join "`n")`n  </command:parameterValueGroup>`n"
    }
    $value = if (-not ($isSwitch -and $InSyntax)) {
        "  <command:parameterValue required=`"$((-not $isSwitch).ToString().ToLowerInvariant())`" variableLength=`"$variableLength`">$($escaper::Escape((Get-TypeLabel $type)))</command:parameterValue>`n"
    }
    $default = if ($Text.Default) { $Text.Default } elseif ($isSwitch) { 'False' } else { 'None' }
    $block = @"
<command:parameter required="$required" variableLength="$variableLength" globbing="$globbing" pipelineInput="$(Get-PipelineText $Infos)" position="$($escaper::Escape($position))" aliases="$($escaper::Escape($aliases))">
  <maml:name>$Name</maml:name>
  <maml:description>
$($Text.Xml)
  </maml:description>
$valueGroup$value  <dev:type>
    <maml:name>$($escaper::Escape($type.FullName))</maml:name>
    <maml:uri />
  </dev:type>
  <dev:defaultValue>$($escaper::Escape($default))</dev:defaultValue>
</command:parameter>
"@
    Add ($Indent + ($block -replace "`r?`n", "`n$Indent"))
}

$commonSource = Read-HelpSource (Join-Path $SourceDirectory '_Common.md')
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
$exported = $commands.Name
foreach ($orphan in Get-ChildItem $SourceDirectory -Filter *.md | Where-Object { $_.BaseName -ne '_Common' -and $_.BaseName -notin $exported }) {
    $problems.Add("$($orphan.Name): no exported cmdlet is named '$($orphan.BaseName)'.")
}
foreach ($name in $commonSource.Parameters.Keys) {
    if (-not $commands.Where({ $_.Parameters.ContainsKey($name) })) {
        $problems.Add("_Common.md: no cmdlet has a parameter '$name'.")
    }
}

Add '<?xml version="1.0" encoding="utf-8"?>'
Add '<helpItems schema="maml" xmlns="http://msh">'
foreach ($command in $commands) {
    $path = Join-Path $SourceDirectory "$($command.Name).md"
    if (-not (Test-Path $path)) {
        $problems.Add("$($command.Name): no help source; write module/help/$($command.Name).md.")
        continue
    }
    $source = Read-HelpSource $path
    $file = "$($command.Name).md"
    if (-not $source.Synopsis) { $problems.Add("${file}: no '# Synopsis' text.") }
    if (-not $source.Description) { $problems.Add("${file}: no '# Description' text.") }
    if ($source.Examples.Count -lt 2) { $problems.Add("${file}: $($source.Examples.Count) example(s); write at least two.") }
    if (-not $source.Inputs) { $problems.Add("${file}: no '# Input <Type>' section (write '# Input None' when nothing can be piped).") }
    if (-not $source.Outputs) { $problems.Add("${file}: no '# Output <Type>' section (write '# Output None' when nothing is written).") }
    if (-not $source.Links) { $problems.Add("${file}: no '# Links'.") }

    # Every declared output type documented, and nothing documented that the cmdlet doesn't declare.
    $declared = @($command.OutputType.Name)
    foreach ($type in $declared) {
        if ($type -notin $source.Outputs.Type) { $problems.Add("${file}: the cmdlet declares [OutputType($type)] but there is no '# Output $type'.") }
    }
    foreach ($output in $source.Outputs) {
        if ($output.Type -ne 'None' -and $output.Type -notin $declared) { $problems.Add("$($output.Where): '$($output.Type)' is not an [OutputType] of $($command.Name) ($($declared -join ', ')).") }
    }

    $parameters = $command.Parameters # computed anew on every access: read it once
    $texts = @{}
    foreach ($name in $parameters.Keys.Where({ $_ -notin $commonParameters })) {
        if ($source.Parameters.Contains($name)) { $texts[$name] = $source.Parameters[$name] }
        elseif ($commonSource.Parameters.Contains($name)) { $texts[$name] = $commonSource.Parameters[$name] }
        elseif ($standardText.ContainsKey($name)) { $texts[$name] = [pscustomobject]@{ Paragraphs = @($standardText[$name]); Default = $null } }
        else { $problems.Add("${file}: parameter -$name has no '# Parameter $name' text.") }
    }
    foreach ($name in $source.Parameters.Keys) {
        if (-not $parameters.ContainsKey($name) -or $name -in $commonParameters) {
            $problems.Add("$($source.Parameters[$name].Where): $($command.Name) has no parameter -$name.")
        } elseif ($parameters[$name].Name -cne $name) {
            $problems.Add("$($source.Parameters[$name].Where): the parameter is spelled -$($parameters[$name].Name).")
        } elseif (-not $source.Parameters[$name].Paragraphs) {
            $problems.Add("$($source.Parameters[$name].Where): -$name has no text.")
        }
    }
    if ($problems.Count) { continue }

    $verb, $noun = $command.Name -split '-', 2
    Add '  <command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10" xmlns:MSHelp="http://msdn.microsoft.com/mshelp">'
    Add '    <command:details>'
    Add "      <command:name>$($command.Name)</command:name>"
    Add "      <command:verb>$verb</command:verb>"
    Add "      <command:noun>$noun</command:noun>"
    Add '      <maml:description>'
    Add-Paragraphs $source.Synopsis '        '
    Add '      </maml:description>'
    Add '    </command:details>'
    Add '    <maml:description>'
    Add-Paragraphs $source.Description '      '
    Add '    </maml:description>'

    Add '    <command:syntax>'
    $sets = @($command.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
    foreach ($set in $sets) {
        Add '      <command:syntaxItem>'
        Add "        <maml:name>$($command.Name)</maml:name>"
        foreach ($info in $set.Parameters | Where-Object { $_.Name -notin $commonParameters } | Sort-Object { Get-ParameterRank $_ }) {
            Add-Parameter $info.Name @($info) @($set.Name) $texts[$info.Name] -InSyntax -Indent '        '
        }
        Add '      </command:syntaxItem>'
    }
    Add '    </command:syntax>'

    Add '    <command:parameters>'
    $byName = [ordered]@{}
    foreach ($set in $sets) {
        foreach ($info in $set.Parameters | Where-Object { $_.Name -notin $commonParameters }) {
            if (-not $byName.Contains($info.Name)) { $byName[$info.Name] = [System.Collections.Generic.List[object]]::new() }
            $byName[$info.Name].Add([pscustomobject]@{ Info = $info; Set = $set.Name })
        }
    }
    foreach ($name in $byName.Keys | Sort-Object { Get-ParameterRank $byName[$_][0].Info }, { $_ }) {
        Add-Parameter $name @($byName[$name].Info) @($byName[$name].Set) $texts[$name] -Indent '      '
    }
    Add '    </command:parameters>'

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Entries = $source.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Entries = $source.Outputs })) {
        Add "    <command:$($kind.List)>"
        foreach ($entry in $kind.Entries) {
            Add "      <command:$($kind.Item)>"
            Add "        <dev:type><maml:name>$($escaper::Escape($entry.Type))</maml:name></dev:type>"
            Add '        <maml:description>'
            Add-Paragraphs $entry.Paragraphs '          '
            Add '        </maml:description>'
            Add "      </command:$($kind.Item)>"
        }
        Add "    </command:$($kind.List)>"
    }

    if ($source.Notes) {
        Add '    <maml:alertSet>'
        Add '      <maml:alert>'
        Add-Paragraphs $source.Notes '        '
        Add '      </maml:alert>'
        Add '    </maml:alertSet>'
    }

    Add '    <command:examples>'
    $number = 0
    foreach ($example in $source.Examples) {
        $number++
        Add '      <command:example>'
        Add "        <maml:title>--------- Example ${number}: $($escaper::Escape($example.Title)) ---------</maml:title>"
        Add "        <dev:code>$($escaper::Escape($example.Code))</dev:code>"
        Add '        <dev:remarks>'
        Add-Paragraphs $example.Remarks '          '
        Add '          <maml:para></maml:para>' # Get-Help prints the next title right under the last line without it
        Add '        </dev:remarks>'
        Add '      </command:example>'
    }
    Add '    </command:examples>'

    Add '    <maml:relatedLinks>'
    foreach ($link in $source.Links) {
        Add '      <maml:navigationLink>'
        Add "        <maml:linkText>$($escaper::Escape($link.Text))</maml:linkText>"
        Add "        <maml:uri>$($escaper::Escape($link.Uri))</maml:uri>"
        Add '      </maml:navigationLink>'
    }
    Add '    </maml:relatedLinks>'
    Add '  </command:command>'
}
Add '</helpItems>'

if ($problems.Count) {
    [Console]::Error.WriteLine("Help is incomplete; fix these in $SourceDirectory :")
    foreach ($problem in $problems) { [Console]::Error.WriteLine("  $problem") }
    exit 1
}

$text = $xml.ToString()
$null = [xml]$text # well-formed, or this throws
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath)
[System.IO.File]::WriteAllText($OutputPath, $text, [System.Text.UTF8Encoding]::new($false))
Write-Host "Help for $($commands.Count) cmdlets written to $OutputPath"
