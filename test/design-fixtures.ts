/** Design fixtures shared by the design, batch, validate and minimize tests (written for them, not copied). */

export const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** A file in the style Platform Builder writes for an OS design (written for these tests). */
export const PB_FILE = crlf([
  '@REM',
  '@REM Copyright (c) Example OEM. All rights reserved.',
  '@REM',
  '@echo off',
  'REM OS design environment written by Platform Builder',
  'set BSP_NOSERIAL=1',
  'set BSP_NOUSB=',
  'set IMGNOKITL=1',
  'set IMGRAM64=1',
  'call %_WINCEROOT%\\PLATFORM\\MYBSP\\setenv.bat',
  '',
  'set SYSGEN_MESSENGER=1',
  'SET SYSGEN_AUTH_KERBEROS=1',
  'set "SYSGEN_CERTS=1"',
  'if "%SYSGEN_MESSENGER%"=="1" set SYSGEN_SHDOCVW=1',
  'if not "%SYSGEN_MESSENGER%"=="1" (',
  '  set SYSGEN_PM=1',
  ') else (',
  '  set SYSGEN_VOIP=1',
  ')',
  'if "%_TGTCPU%"=="x86" set SYSGEN_WININET=1',
]);

/** A BSP environment file in the style real ones have (written for these tests): OEM comments, ;; lines, non-ASCII, conditions on settings. */
export const BSP_STYLE = Buffer.from(crlf([
  '@REM',
  '@REM Example BSP environment',
  '@REM',
  '@if "%_ECHOON%" == "" echo off',
  'set WINCEREL=1',
  'set IMGMULTIXIP=',
  'set IMGHIVEREG=1',
  ';; \xb5\xe7\xd7\xd3 display notes',
  'if /i "%IMGMULTIXIP%"=="1" set BSP_NONANDFS=',
  'if /i "%IMGHIVEREG%"=="1" set PRJ_ENABLE_FSREGHIVE=1',
  'rem set IMGNOKITL=1',
  'set BSP_NOSERIAL=',
  '@YT50F01MHZ-SMR-E 4.3INCH LCD',
  'call %_TARGETPLATROOT%\\src\\Whimory\\wmrenv.bat',
  'set SYSGEN_MESSENGER=1',
  'set SYSGEN_OEM_LCD=1',
]), 'latin1');
