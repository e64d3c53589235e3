; Inno Setup script for Một Cửa Desk (per-machine install, Vietnamese + English wizard).
; Built by installer/build.py after PyInstaller: ISCC /DAppVersion=x.y.z installer\motcua.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Một Cửa Desk"
#define AppExe "MotCuaDesk.exe"

[Setup]
AppId={{6E0B5E62-3D7A-4C41-9A7B-5D9B7A1C2E10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Bộ phận Một cửa
DefaultDirName={autopf}\MotCuaDesk
DefaultGroupName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=MotCuaDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
; Office data (SQLite file, logs, PDFs) live in the user's folders and survive uninstall.

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\MotCuaDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
