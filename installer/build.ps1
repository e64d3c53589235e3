# Build Một Cửa Desk on Windows: PyInstaller one-folder → self-test → (sign) → Inno Setup.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -CertFile C:\keys\office.pfx -CertPassword (Read-Host -AsSecureString)
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -CertThumbprint 0123ABCD...   # certificate in the Windows store
#
# Needs: Python 3.11 x64 (py launcher), Inno Setup 6; for signing, signtool.exe (Windows SDK).
# Output: dist\MotCuaDesk\ (folder build) and dist\installer\MotCuaDesk-<version>-setup.exe
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$Venv = ".venv-build",
    [string]$CertFile = "",
    [SecureString]$CertPassword = $null,
    [string]$CertThumbprint = "",
    [string]$TimestampUrl = "http://timestamp.digicert.com",
    [switch]$NoSetup
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Step($text) { Write-Host "`n== $text" -ForegroundColor Cyan }
function Run($exe, [string[]]$argv) {
    & $exe @argv
    if ($LASTEXITCODE -ne 0) { throw "$exe $($argv -join ' ') failed ($LASTEXITCODE)" }
}

# 1. a clean virtual environment from the lock file (every version pinned)
Step "Python environment ($Venv) from requirements.lock"
if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    $parts = $Python.Split(" ")
    Run $parts[0] ($parts[1..($parts.Length - 1)] + @("-m", "venv", $Venv))
}
$Py = Join-Path $Root "$Venv\Scripts\python.exe"
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements.lock")
$Version = (& $Py -c "import app; print(app.__version__)").Trim()
Write-Host "version $Version"

# 2. libusb-1.0.dll (package libusb-package) on PATH: PyInstaller's pyusb hook then bundles it
$LibusbDir = (& $Py -c "import libusb_package, os; p = libusb_package.get_library_path(); print(os.path.dirname(p) if p else '')").Trim()
if ($LibusbDir) { $env:PATH = "$LibusbDir;$env:PATH"; Write-Host "libusb: $LibusbDir" }

# 3. PyInstaller one-folder (installer\motcua.spec; no UPX)
Step "PyInstaller → dist\MotCuaDesk"
Run $Py @("installer\build.py", "--no-setup", "--version", $Version)

# 4. the frozen program checks itself (fonts, receipt QR, printer modules incl. win32print, libusb)
Step "Frozen self-test"
$Cli = "dist\MotCuaDesk\MotCuaDesk-cli.exe"
Run $Cli @("--version")
$env:MOTCUA_DB = "sqlite:///" + (Join-Path $env:TEMP "motcua-selftest-$PID.sqlite3")
Run $Cli @("self-test")
Remove-Item Env:\MOTCUA_DB

# 5. sign the program files, then the installer (optional)
function Sign([string[]]$files) {
    if (-not $CertFile -and -not $CertThumbprint) { return }
    $signtool = (Get-Command signtool.exe -ErrorAction SilentlyContinue).Source
    if (-not $signtool) {
        $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
            Sort-Object FullName | Select-Object -Last 1 -ExpandProperty FullName
    }
    if (-not $signtool) { throw "signtool.exe not found (install the Windows SDK)" }
    $argv = @("sign", "/fd", "SHA256", "/tr", $TimestampUrl, "/td", "SHA256")
    if ($CertFile) {
        $argv += @("/f", $CertFile)
        if ($CertPassword) {
            $plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto(
                [Runtime.InteropServices.Marshal]::SecureStringToBSTR($CertPassword))
            $argv += @("/p", $plain)
        }
    } else {
        $argv += @("/sha1", $CertThumbprint)
    }
    Run $signtool ($argv + $files)
}
Step "Signing (skipped without -CertFile / -CertThumbprint)"
Sign @("dist\MotCuaDesk\MotCuaDesk.exe", "dist\MotCuaDesk\MotCuaDesk-cli.exe")

if ($NoSetup) { Write-Host "Folder build: dist\MotCuaDesk"; exit 0 }

# 6. Inno Setup → dist\installer\MotCuaDesk-<version>-setup.exe
Step "Inno Setup"
$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($d in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6",
                     "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        if (Test-Path "$d\ISCC.exe") { $Iscc = "$d\ISCC.exe"; break }
    }
}
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: https://jrsoftware.org/isdl.php" }
Run $Iscc @("/DAppVersion=$Version", "installer\motcua.iss")
$Setup = "dist\installer\MotCuaDesk-$Version-setup.exe"
Sign @($Setup)
Write-Host "`nInstaller: $Setup" -ForegroundColor Green
