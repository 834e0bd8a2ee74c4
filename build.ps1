#!/usr/bin/env pwsh
# Build, test, run and benchmark Backbeat. Twin of build.sh: a change here is made there too.
#
#   ./build.ps1 build               build the solution (Release)
#   ./build.ps1 test                install what the tests need, build once, run every tests/*.Tests project,
#                                   end with one line "N passed, N failed[, N skipped]"
#   ./build.ps1 run [args...]       start one node with defaults (Backbeat.Node)
#   ./build.ps1 bench [args...]     run the benchmark program, e.g. `./build.ps1 bench lateness`
#   ./build.ps1 chaos [--full]      the chaos harness: nats-server, a lighthouse and three nodes as processes;
#                                   leader kills, graceful stops, broker restarts, partitions, tempo changes
#                                   before a kill, long and short leader pauses (one of each, or --full:
#                                   20/10/10/10/5/10/10); table on screen, artifacts/chaos/summary.json
#
# No param block on purpose: arguments such as `--frames 10` must reach dotnet untouched, and $args keeps them.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Set-Location -LiteralPath $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:DOTNET_GENERATE_ASPNET_CERTIFICATE = 'false'

$Configuration = 'Release'
$Solution = 'Backbeat.sln'
$ResultsDir = 'artifacts/test-results'

function Show-Usage {
    [Console]::Error.WriteLine(@'
usage: ./build.ps1 <target> [args...]
targets:
  build              build the solution (Release)
  test               install missing test dependencies, build, run all tests/*.Tests projects
  run [args...]      start one node (Backbeat.Node) with defaults; args go to the node
  bench [args...]    run tests/Backbeat.Bench; args go to it (e.g. `lateness --frames 1050`)
  chaos [--full]     build, then run the chaos harness (tests/Backbeat.Chaos; --help lists its options)
'@)
}

# nats-server is what the NATS tests start on a loopback port; Debian packages it.
function Assert-NatsServer {
    if ((Get-Command nats-server -ErrorAction SilentlyContinue) -or (Test-Path -LiteralPath '/usr/sbin/nats-server')) {
        return
    }

    $onLinux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
    $isRoot = $onLinux -and ((id -u) -eq '0')
    if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Host "nats-server is missing: installing it from Debian's packages"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        apt-get update
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        apt-get install -y nats-server
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        return
    }

    [Console]::Error.WriteLine('error: the tests need nats-server, which is not installed.')
    [Console]::Error.WriteLine('       install it as root with: apt-get update && apt-get install -y nats-server')
    [Console]::Error.WriteLine('       (or put a nats-server binary on PATH), then run ./build.ps1 test again.')
    exit 1
}

# Chromium is the browser the dashboard tests drive (Playwright's own browser download does not work
# here); they look for Debian's at /usr/bin/chromium.
function Assert-Chromium {
    if (Test-Path -LiteralPath '/usr/bin/chromium') {
        return
    }

    $onLinux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
    $isRoot = $onLinux -and ((id -u) -eq '0')
    if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Host "chromium is missing: installing it from Debian's packages"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        apt-get update
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        apt-get install -y chromium
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        return
    }

    [Console]::Error.WriteLine('error: the dashboard tests need Chromium at /usr/bin/chromium, which is not installed.')
    [Console]::Error.WriteLine('       install it as root with: apt-get update && apt-get install -y chromium')
    [Console]::Error.WriteLine('       then run ./build.ps1 test again.')
    exit 1
}

# The <Counters> element of a trx file, or $null when the file is missing or unreadable.
function Get-TrxCounters([string]$Path) {
    if (-not (Test-Path -LiteralPath $Path)) {
        return $null
    }

    try {
        [xml]$trx = Get-Content -LiteralPath $Path -Raw
        return $trx.TestRun.ResultSummary.Counters
    }
    catch {
        return $null
    }
}

function Get-Counter($Counters, [string]$Name) {
    $value = $Counters.GetAttribute($Name)
    if ([string]::IsNullOrEmpty($value)) { return 0 }
    return [int]$value
}

function Invoke-Tests {
    Assert-NatsServer
    Assert-Chromium

    $projects = @(Get-ChildItem -Path tests -Directory |
        ForEach-Object { Get-ChildItem -LiteralPath $_.FullName -Filter '*.Tests.csproj' -File } |
        Sort-Object FullName)

    if ($projects.Count -eq 0) {
        [Console]::Error.WriteLine('error: no test project (tests/*/*.Tests.csproj) found')
        Write-Output '0 passed, 0 failed'
        exit 1
    }

    # A test project that does not build, or whose run leaves no results, counts as one failure.
    dotnet build $Solution -c $Configuration
    if ($LASTEXITCODE -ne 0) {
        [Console]::Error.WriteLine('error: the build failed; no test was run')
        Write-Output "0 passed, $($projects.Count) failed"
        exit 1
    }

    if (Test-Path -LiteralPath $ResultsDir) {
        Remove-Item -LiteralPath $ResultsDir -Recurse -Force
    }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null

    $passed = 0
    $failed = 0
    $skipped = 0
    $broken = @()
    foreach ($project in $projects) {
        $name = $project.BaseName
        $trx = Join-Path $ResultsDir "$name.trx"
        Write-Host ''
        Write-Host "== $name"
        # The exit code is not needed: the trx says what ran and what failed.
        dotnet test $project.FullName -c $Configuration --no-build `
            --logger "trx;LogFileName=$name.trx" --results-directory $ResultsDir `
            --blame-hang-timeout 10m --blame-hang-dump-type none

        $counters = Get-TrxCounters $trx
        if ($null -eq $counters) {
            [Console]::Error.WriteLine("error: $name left no test results (did it build? is it in $Solution?)")
            $broken += $name
            $failed += 1
            continue
        }

        $passed += Get-Counter $counters 'passed'
        $failed += (Get-Counter $counters 'failed') + (Get-Counter $counters 'error') `
            + (Get-Counter $counters 'timeout') + (Get-Counter $counters 'aborted')
        $skipped += (Get-Counter $counters 'total') - (Get-Counter $counters 'executed')
    }

    Write-Host ''
    if ($broken.Count -gt 0) {
        Write-Host "projects without results (counted as failed): $($broken -join ' ')"
    }
    if ($skipped -gt 0) {
        Write-Output "$passed passed, $failed failed, $skipped skipped"
    }
    else {
        Write-Output "$passed passed, $failed failed"
    }

    if ($failed -gt 0) {
        exit 1
    }
}

$Target = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
$Rest = @(if ($args.Count -gt 1) { $args[1..($args.Count - 1)] })

switch ($Target) {
    'build' {
        dotnet build $Solution -c $Configuration
        exit $LASTEXITCODE
    }
    'test' {
        Invoke-Tests
        exit 0
    }
    'run' {
        dotnet run -c $Configuration --project Backbeat.Node -- @Rest
        exit $LASTEXITCODE
    }
    'bench' {
        dotnet run -c $Configuration --project tests/Backbeat.Bench -- @Rest
        exit $LASTEXITCODE
    }
    'chaos' {
        Assert-NatsServer
        # The harness runs the node's and the lighthouse's own build outputs as processes: building it builds them.
        dotnet build tests/Backbeat.Chaos -c $Configuration
        if ($LASTEXITCODE -ne 0) {
            exit $LASTEXITCODE
        }
        dotnet "tests/Backbeat.Chaos/bin/$Configuration/net10.0/Backbeat.Chaos.dll" @Rest
        exit $LASTEXITCODE
    }
    { $_ -in @('-h', '--help', 'help') } {
        Show-Usage
        exit 0
    }
    default {
        if ($Target -ne '') {
            [Console]::Error.WriteLine("error: unknown target '$Target'")
        }
        Show-Usage
        exit 64
    }
}
