; Inno Setup 6 script for Một Cửa Desk: per-user install without admin rights by default,
; Vietnamese + English wizard, Start-menu and desktop shortcuts, upgrade in place, data kept.
; Built by installer\build.ps1 (or installer/build.py) after PyInstaller:
;   ISCC /DAppVersion=x.y.z installer\motcua.iss
; Vietnamese.isl is an unofficial Inno Setup translation: put it beside this script (see README.md).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Một Cửa Desk"
#define AppExe "MotCuaDesk.exe"
; The icon: build.py passes the path app.resources.icon_path(ext="ico") gives; the default is
; the same file seen from this folder (resources\icons\motcua.ico, drawn by make_icon.py).
#ifndef AppIcon
  #define AppIcon "..\resources\icons\motcua.ico"
#endif
; platformdirs (appauthor=False): %LOCALAPPDATA%\MotCuaDesk holds data, backups, Logs, local.json
#define DataDir "MotCuaDesk"

[Setup]
; The AppId never changes: a newer setup upgrades the installed copy in place.
AppId={{6E0B5E62-3D7A-4C41-9A7B-5D9B7A1C2E10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Bộ phận Một cửa
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: {autopf} = %LOCALAPPDATA%\Programs. The wizard offers "all users"
; (Program Files, needs admin) for shared PCs; /ALLUSERS or /CURRENTUSER on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\MotCuaDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\dist\installer
OutputBaseFilename=MotCuaDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
; A running copy is closed before the files are replaced, and started again afterwards.
CloseApplications=yes
RestartApplications=yes
SetupIconFile={#AppIcon}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; Office data (SQLite file, backups, logs, the printer setting) live in the user's folder
; %LOCALAPPDATA%\{#DataDir}, never beside the program: upgrades and uninstall leave it alone.

[Languages]
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Languages\Unofficial\Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.DeleteData=Xóa cả dữ liệu của Một Cửa Desk trên máy này (cơ sở dữ liệu SQLite, bản sao lưu, nhật ký, thiết lập máy in) trong:%n%n%1%n%nChọn "No/Không" để giữ lại (mặc định). Dữ liệu trên máy chủ PostgreSQL không bị ảnh hưởng.
en.DeleteData=Also delete Một Cửa Desk's data on this PC (SQLite database, backups, logs, printer setting) in:%n%n%1%n%nChoose "No" to keep it (the default). Data on a PostgreSQL server is not affected.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade in place: the old program folder's libraries go (never the data, which is elsewhere).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\MotCuaDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} — tự kiểm tra"; Filename: "{cmd}"; Parameters: "/k ""{app}\MotCuaDesk-cli.exe"" self-test"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataPath: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataPath := ExpandConstant('{localappdata}\{#DataDir}');
    { Silent uninstalls (/SILENT, /VERYSILENT) always keep the data. }
    if DirExists(DataPath) and not UninstallSilent() then
      if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataPath]), mbConfirmation,
                MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataPath, True, True, True);
  end;
end;
