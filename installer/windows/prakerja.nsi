; Prakerja Desktop: Windows installer (NSIS 3, Unicode). Builds setup.exe from the PyInstaller bundle.
;
;   makensis /DVERSION=0.1.0 installer\windows\prakerja.nsi
;
; Defines (all optional except VERSION):
;   VERSION     x.y.z, the program's version (prakerja_desktop.__version__)
;   SOURCE_DIR  the one-folder bundle (default ..\..\dist\PrakerjaDesktop, relative to this file)
;   OUTFILE     the installer to write (default ..\..\dist\PrakerjaDesktop-VERSION-setup.exe)
;
; What it does: installs to Program Files, adds a Start-menu shortcut and an entry in "Apps & features",
; optionally starts the kiosk at logon ("Kiosk auto-start"). The uninstaller removes the program only:
; the data folder (%LOCALAPPDATA%\Disnaker\PrakerjaDesktop: database, logs, device identity) is KEPT,
; so reinstalling or upgrading finds every record. See README.md beside this file.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=x.y.z prakerja.nsi"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\PrakerjaDesktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\PrakerjaDesktop-${VERSION}-setup.exe"
!endif

!define APP_NAME "Prakerja Desktop"
!define APP_EXE "PrakerjaDesktop.exe"
!define PUBLISHER "Disnaker"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PrakerjaDesktop"
; Where the program keeps its data: platformdirs.user_data_dir("PrakerjaDesktop", "Disnaker").
; Shown to the person; never deleted by this script.
!define DATA_DIR "$LOCALAPPDATA\Disnaker\PrakerjaDesktop"

!include "MUI2.nsh"
!include "x64.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "..\..\resources\icons\prakerja.ico"
!define MUI_UNICON "..\..\resources\icons\prakerja.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_TEXT "${APP_NAME} sudah terpasang. Data disimpan di folder pengguna (${DATA_DIR})."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME} membutuhkan Windows 64-bit."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Prakerja Desktop" SecProgram
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole program folder, so no file of the old version lingers. The data
  ; folder is elsewhere (${DATA_DIR}); the new version migrates the database when it first opens it.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\Hapus ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Off by default: for the office's touch kiosk only. Starts the kiosk for every user at logon.
Section /o "Kiosk auto-start" SecKiosk
  SetShellVarContext all
  CreateShortCut "$SMSTARTUP\${APP_NAME} (kiosk).lnk" "$INSTDIR\${APP_EXE}" "--kiosk" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "Program ${APP_NAME} dan pintasan di menu Start."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecKiosk} "Untuk kiosk layar sentuh: buka ${APP_NAME} dalam mode kiosk setiap kali Windows masuk."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  SetShellVarContext all
  ; The program only. Never the data folder (${DATA_DIR}): records, logs and the device identity stay.
  Delete "$SMSTARTUP\${APP_NAME} (kiosk).lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Hapus ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: nothing else the person put there is removed
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DetailPrint "Data ${APP_NAME} tetap disimpan di ${DATA_DIR}"
SectionEnd
