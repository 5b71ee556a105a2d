/**
 * Shell and application registration from the Windows Application Registration Guide: extensions,
 * URL protocols, ProgIDs and verbs, App Paths, Applications, Clients, Capabilities and
 * RegisteredApplications; with the uninstall rules (extension and protocol keys stay).
 */
import { foldName, type RegKey, type RegValue } from '../registry/model.js';

export interface Verb {
  name: string;
  description?: string;
  command?: string;
}

export interface Manifest {
  application: { name: string; exe: string; path: string; company?: string; description?: string; icon?: string };
  scope: 'user' | 'machine';
  extensions?: Array<{ ext: string; progId: string; contentType?: string; openWith?: string[] }>;
  protocols?: Array<{ scheme: string; description: string; urlProtocol?: boolean; friendlyTypeName?: string; editFlags?: number; defaultIcon?: string; verbs?: Verb[] }>;
  progIds?: Array<{
    id: string; description?: string; friendlyTypeName?: string; defaultIcon?: string; editFlags?: number; infoTip?: string;
    isShortcut?: boolean; neverShowExt?: boolean; application?: { company?: string; description?: string }; verbs?: Verb[];
  }>;
  appPaths?: { pathEnv?: string; useUrl?: boolean; supportedProtocols?: string[] };
  applications?: {
    friendlyTypeName?: string; defaultIcon?: string; supportedTypes?: string[]; noOpenWith?: boolean; noStartPage?: boolean;
    useExecutableForTaskbarGroupIcon?: boolean; taskbarGroupIcon?: string; verbs?: Verb[];
  };
  client?: { type: string; name?: string; defaultIcon?: string; verbs: Verb[] };
  capabilities?: { key?: string; fileAssociations?: Record<string, string>; urlAssociations?: Record<string, string> };
}

export interface Problem {
  severity: 'error' | 'warning';
  pointer: string;
  message: string;
}

export interface Registration {
  root: string;
  install: RegKey[];
  uninstall: RegKey[];
  problems: Problem[];
}

const HARD_WINDIR = /^[A-Za-z]:\\windows(\\|$)/i;

/** A string value: REG_EXPAND_SZ when it holds %VARIABLES%, so %SYSTEMROOT% expands. */
function text(name: string | null, data: string, field: string): RegValue {
  return { name, type: /%[A-Za-z_][A-Za-z0-9_()]*%/.test(data) ? 'REG_EXPAND_SZ' : 'REG_SZ', data, field };
}

/** Check a verb's command line the way the guide asks: a quoted path, a quoted "%1", no hard-coded C:\Windows. */
function checkCommand(cmd: string, pointer: string, problems: Problem[]): void {
  const t = cmd.trim();
  if (!t.startsWith('"')) {
    const exeEnd = t.search(/\.exe\b/i);
    const path = exeEnd >= 0 ? t.slice(0, exeEnd + 4) : t.split(' ')[0]!;
    // A path without a space parses the same quoted or not; only a space breaks it.
    if (path.includes(' ')) problems.push({ severity: 'error', pointer, message: `the program path "${path}" has spaces but is not quoted; write "\\"${path}\\" \\"%1\\""` });
  }
  if (/(^|[^"])%1(?!")/.test(t)) problems.push({ severity: 'warning', pointer, message: '%1 is not quoted; write "%1" so file paths with spaces arrive as one argument' });
  const unquoted = t.replace(/^"([^"]*)".*$/, '$1');
  if (HARD_WINDIR.test(unquoted) || HARD_WINDIR.test(t)) problems.push({ severity: 'warning', pointer, message: 'a hard-coded C:\\Windows path: use %SYSTEMROOT% (the value is then written as REG_EXPAND_SZ)' });
}

function verbKeys(base: string, verbs: Verb[] | undefined, pointer: string, problems: Problem[]): RegKey[] {
  const keys: RegKey[] = [];
  (verbs ?? []).forEach((v, i) => {
    const p = `${pointer}/${i}`;
    if (v.command === undefined || v.command.trim() === '') {
      problems.push({ severity: 'error', pointer: `${p}/command`, message: `verb "${v.name}" has no command line` });
      return;
    }
    checkCommand(v.command, `${p}/command`, problems);
    if (v.description !== undefined) keys.push({ path: `${base}\\shell\\${v.name}`, values: [text(null, v.description, `${p}/description`)] });
    keys.push({ path: `${base}\\shell\\${v.name}\\command`, values: [text(null, v.command, `${p}/command`)] });
  });
  return keys;
}

const empty = (name: string, field: string): RegValue => ({ name, type: 'REG_SZ', data: '', field });

/** A name that becomes one key name: a backslash would make subkeys (and let a name climb the tree). */
function segment(name: string, pointer: string, problems: Problem[]): string {
  if (name.includes('\\')) problems.push({ severity: 'error', pointer, message: `"${name}" becomes a registry key name, which cannot hold "\\" (it would make nested subkeys)` });
  else if (name.trim() === '') problems.push({ severity: 'error', pointer, message: 'the name is empty, and it becomes a registry key name' });
  return name;
}

/**
 * Keys other programs share (relative to HKCU or HKLM, lower case): an uninstall must never delete
 * one of them or a key above one, and an install must not take one as its own.
 */
const SHARED = [
  'software', 'software\\classes', 'software\\clients', 'software\\microsoft', 'software\\policies', 'software\\wow6432node',
  'software\\registeredapplications', 'software\\microsoft\\windows', 'software\\microsoft\\windows\\currentversion',
  'software\\microsoft\\windows\\currentversion\\app paths',
  ...['Calendar', 'Contacts', 'EnvelopeHost', 'IM', 'Mail', 'Media', 'News', 'StartMenuInternet'].map((t) => `software\\clients\\${t.toLowerCase()}`),
  ...['Applications', 'CLSID', 'Interface', 'TypeLib', 'AppID', 'SystemFileAssociations', 'Directory', 'Drive', 'Folder', 'AllFilesystemObjects',
    'DesktopBackground', 'Unknown', 'MIME', 'Local Settings', 'Wow6432Node', 'PackagedCom', 'Extensions', 'ActivatableClasses', 'http', 'https',
    'ftp', 'mailto', 'file'].map((k) => `software\\classes\\${k.toLowerCase()}`),
];
const SHARED_SET = new Set(SHARED);
/** The application's own keys are at least this many names below the root (Software\Company\App, Software\Classes\ProgID). */
const MIN_OWN_DEPTH = 3;

/** Why `rel` (below the root) cannot be an application's own key, or undefined. */
function notOwnKey(rel: string): string | undefined {
  const r = rel.toLowerCase();
  if (SHARED_SET.has(r)) return 'a key other programs share';
  const under = SHARED.find((k) => k.startsWith(`${r}\\`));
  if (under) return `a key above ${under.replace(/(^|\\)([a-z])/g, (m) => m.toUpperCase())}, which other programs share`;
  if (rel.split('\\').length < MIN_OWN_DEPTH) return `shallower than an application's own keys (at least ${MIN_OWN_DEPTH} names below the root, e.g. Software\\Company\\App)`;
  return undefined;
}

/**
 * Every key uninstall.reg deletes must be one install.reg creates and the application's own:
 * never a shared key, a key above one, or a key shallower than the application's own.
 */
function checkUninstall(reg: { root: string; install: RegKey[]; uninstall: RegKey[] }, problems: Problem[]): void {
  const created = new Set(reg.install.map((k) => k.path.toLowerCase()));
  for (const k of reg.uninstall) {
    if (!k.remove) continue;
    const pointer = k.field ?? '/';
    if (!k.path.toLowerCase().startsWith(`${reg.root.toLowerCase()}\\`)) {
      problems.push({ severity: 'error', pointer, message: `uninstall.reg would delete ${k.path}, outside ${reg.root}` });
      continue;
    }
    const why = notOwnKey(k.path.slice(reg.root.length + 1));
    if (why) problems.push({ severity: 'error', pointer, message: `uninstall.reg would delete [${k.path}], ${why}` });
    else if (!created.has(k.path.toLowerCase())) problems.push({ severity: 'error', pointer, message: `uninstall.reg would delete [${k.path}], which install.reg does not create` });
  }
}

/**
 * Registry key and value names are not case-sensitive: two keys (or two values of one key) whose
 * names differ only in case are one, and the second would overwrite the first. Refuse that, with the
 * same case folding as registryCollisions (src/registry/model.ts); unlike generate's outputs, an
 * appreg key written twice even in the same case is two owners of one key, so it is refused too.
 */
function checkCollisions(install: RegKey[], problems: Problem[]): void {
  const keys = new Map<string, RegKey>();
  for (const k of install) {
    const where = k.field ?? k.values[0]?.field ?? '/';
    const prior = keys.get(foldName(k.path));
    if (prior) problems.push({ severity: 'error', pointer: where, message: `[${k.path}] is written twice (also as [${prior.path}], from ${prior.field ?? prior.values[0]?.field ?? '/'}); registry key names are not case-sensitive` });
    else keys.set(foldName(k.path), k);
    const names = new Map<string, string>();
    for (const v of k.values) {
      const n = foldName(v.name ?? '');
      const first = names.get(n);
      if (first !== undefined) problems.push({ severity: 'error', pointer: v.field ?? where, message: `value ${JSON.stringify(v.name ?? '@')} of [${k.path}] is written twice (also from ${first}); value names are not case-sensitive` });
      else names.set(n, v.field ?? where);
    }
  }
}

export function buildRegistration(m: Manifest): Registration {
  const problems: Problem[] = [];
  const root = m.scope === 'user' ? 'HKEY_CURRENT_USER' : 'HKEY_LOCAL_MACHINE';
  const classes = `${root}\\Software\\Classes`;
  const install: RegKey[] = [];
  const uninstall: RegKey[] = [];
  const progIdNames = new Set((m.progIds ?? []).map((p) => p.id));

  (m.extensions ?? []).forEach((e, i) => {
    const p = `/extensions/${i}`;
    if (!e.ext.startsWith('.') || e.ext.length < 2 || /[\\\s]/.test(e.ext)) problems.push({ severity: 'error', pointer: `${p}/ext`, message: `"${e.ext}" is not an extension: it starts with a dot, e.g. ".myx"` });
    if (!progIdNames.has(e.progId)) problems.push({ severity: 'warning', pointer: `${p}/progId`, message: `ProgID "${e.progId}" is not defined in progIds` });
    const values: RegValue[] = [text(null, e.progId, `${p}/progId`)];
    if (e.contentType !== undefined) values.push(text('Content Type', e.contentType, `${p}/contentType`));
    install.push({ path: `${classes}\\${e.ext}`, values, field: `${p}/ext` });
    if (e.openWith?.length) install.push({ path: `${classes}\\${e.ext}\\OpenWithProgids`, values: e.openWith.map((id, k) => empty(id, `${p}/openWith/${k}`)) });
    // Extension keys are not deleted on uninstall (the guide): other programs may use them.
  });

  (m.protocols ?? []).forEach((pr, i) => {
    const p = `/protocols/${i}`;
    if (!pr.description.startsWith('URL:')) problems.push({ severity: 'error', pointer: `${p}/description`, message: `a protocol description must start with "URL:", e.g. "URL:${pr.scheme} Protocol"` });
    if (pr.urlProtocol === false) problems.push({ severity: 'error', pointer: `${p}/urlProtocol`, message: 'the "URL Protocol" marker is required for a URL protocol' });
    const base = `${classes}\\${pr.scheme}`;
    const values: RegValue[] = [text(null, pr.description, `${p}/description`), empty('URL Protocol', `${p}/urlProtocol`)];
    if (pr.friendlyTypeName !== undefined) values.push(text('FriendlyTypeName', pr.friendlyTypeName, `${p}/friendlyTypeName`));
    if (pr.editFlags !== undefined) values.push({ name: 'EditFlags', type: 'REG_DWORD', data: pr.editFlags, field: `${p}/editFlags` });
    install.push({ path: base, values, field: `${p}/scheme` });
    if (pr.defaultIcon !== undefined) install.push({ path: `${base}\\DefaultIcon`, values: [text(null, pr.defaultIcon, `${p}/defaultIcon`)] });
    for (const k of verbKeys(base, pr.verbs, `${p}/verbs`, problems)) install.push(k);
    // Protocol keys are not deleted on uninstall (the guide).
  });

  (m.progIds ?? []).forEach((pg, i) => {
    const p = `/progIds/${i}`;
    const base = `${classes}\\${segment(pg.id, `${p}/id`, problems)}`;
    const shared = notOwnKey(`Software\\Classes\\${pg.id}`);
    if (shared) problems.push({ severity: 'error', pointer: `${p}/id`, message: `"${pg.id}" cannot be a ProgID: Software\\Classes\\${pg.id} is ${shared}` });
    const values: RegValue[] = [];
    if (pg.description !== undefined) values.push(text(null, pg.description, `${p}/description`));
    if (pg.friendlyTypeName !== undefined) values.push(text('FriendlyTypeName', pg.friendlyTypeName, `${p}/friendlyTypeName`));
    if (pg.editFlags !== undefined) values.push({ name: 'EditFlags', type: 'REG_DWORD', data: pg.editFlags, field: `${p}/editFlags` });
    if (pg.infoTip !== undefined) values.push(text('InfoTip', pg.infoTip, `${p}/infoTip`));
    if (pg.isShortcut) values.push(empty('IsShortcut', `${p}/isShortcut`));
    if (pg.neverShowExt) values.push(empty('NeverShowExt', `${p}/neverShowExt`));
    install.push({ path: base, values, field: `${p}/id` });
    if (pg.defaultIcon !== undefined) install.push({ path: `${base}\\DefaultIcon`, values: [text(null, pg.defaultIcon, `${p}/defaultIcon`)] });
    const appValues: RegValue[] = [];
    const company = pg.application?.company ?? m.application.company;
    const description = pg.application?.description ?? m.application.description;
    if (company !== undefined) appValues.push(text('ApplicationCompany', company, `${p}/application/company`));
    if (description !== undefined) appValues.push(text('ApplicationDescription', description, `${p}/application/description`));
    if (appValues.length) install.push({ path: `${base}\\Application`, values: appValues });
    for (const k of verbKeys(base, pg.verbs, `${p}/verbs`, problems)) install.push(k);
    uninstall.push({ path: base, values: [], remove: true, field: `${p}/id` });
  });

  const appPath = `${root}\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\${segment(m.application.exe, '/application/exe', problems)}`;
  const apValues: RegValue[] = [text(null, m.application.path, '/application/path')];
  if (!/^([A-Za-z]:\\|\\\\|%[A-Za-z_]+%)/.test(m.application.path)) problems.push({ severity: 'error', pointer: '/application/path', message: `"${m.application.path}" is not an absolute path` });
  if (HARD_WINDIR.test(m.application.path)) problems.push({ severity: 'warning', pointer: '/application/path', message: 'a hard-coded C:\\Windows path: use %SYSTEMROOT% (written as REG_EXPAND_SZ)' });
  if (m.appPaths?.pathEnv !== undefined) apValues.push(text('Path', m.appPaths.pathEnv, '/appPaths/pathEnv'));
  if (m.appPaths?.useUrl) apValues.push({ name: 'UseURL', type: 'REG_DWORD', data: 1, field: '/appPaths/useUrl' });
  if (m.appPaths?.supportedProtocols?.length) apValues.push(text('SupportedProtocols', m.appPaths.supportedProtocols.join(':'), '/appPaths/supportedProtocols'));
  install.push({ path: appPath, values: apValues });
  uninstall.push({ path: appPath, values: [], remove: true, field: '/application/exe' });

  if (m.applications) {
    const a = m.applications;
    const base = `${classes}\\Applications\\${m.application.exe}`;
    const values: RegValue[] = [];
    if (a.friendlyTypeName !== undefined) values.push(text('FriendlyTypeName', a.friendlyTypeName, '/applications/friendlyTypeName'));
    if (a.noOpenWith) values.push(empty('NoOpenWith', '/applications/noOpenWith'));
    if (a.noStartPage) values.push(empty('NoStartPage', '/applications/noStartPage'));
    if (a.useExecutableForTaskbarGroupIcon) values.push(empty('UseExecutableForTaskbarGroupIcon', '/applications/useExecutableForTaskbarGroupIcon'));
    install.push({ path: base, values });
    if (a.defaultIcon !== undefined) install.push({ path: `${base}\\DefaultIcon`, values: [text(null, a.defaultIcon, '/applications/defaultIcon')] });
    if (a.taskbarGroupIcon !== undefined) install.push({ path: `${base}\\TaskbarGroupIcon`, values: [text(null, a.taskbarGroupIcon, '/applications/taskbarGroupIcon')] });
    if (a.supportedTypes?.length) {
      a.supportedTypes.forEach((t, k) => {
        if (!t.startsWith('.')) problems.push({ severity: 'error', pointer: `/applications/supportedTypes/${k}`, message: `"${t}" is not an extension: it starts with a dot` });
      });
      install.push({ path: `${base}\\SupportedTypes`, values: a.supportedTypes.map((t, k) => empty(t, `/applications/supportedTypes/${k}`)) });
    }
    for (const k of verbKeys(base, a.verbs, '/applications/verbs', problems)) install.push(k);
    uninstall.push({ path: base, values: [], remove: true, field: '/applications' });
  }

  let clientBase: string | undefined;
  if (m.client) {
    const c = m.client;
    const clientPointer = c.name !== undefined ? '/client/name' : '/application/name';
    clientBase = `${root}\\Software\\Clients\\${segment(c.type, '/client/type', problems)}\\${segment(c.name ?? m.application.name, clientPointer, problems)}`;
    install.push({ path: clientBase, values: [text(null, m.application.name, '/application/name')] });
    if (c.defaultIcon !== undefined) install.push({ path: `${clientBase}\\DefaultIcon`, values: [text(null, c.defaultIcon, '/client/defaultIcon')] });
    if (!c.verbs.some((v) => v.name === 'open')) problems.push({ severity: 'error', pointer: '/client/verbs', message: 'a client needs at least an "open" verb (shell\\open\\command)' });
    for (const k of verbKeys(clientBase, c.verbs, '/client/verbs', problems)) install.push(k);
    uninstall.push({ path: clientBase, values: [], remove: true, field: clientPointer });
  }

  if (m.capabilities) {
    const cap = m.capabilities;
    let rel =
      cap.key ??
      (clientBase
        ? `${clientBase.slice(root.length + 1)}\\Capabilities`
        : `Software\\${segment(m.application.company ?? m.application.name, m.application.company !== undefined ? '/application/company' : '/application/name', problems)}\\${segment(m.application.name, '/application/name', problems)}\\Capabilities`);
    const full = /^HKEY_/.exec(rel);
    if (full) {
      if (!rel.startsWith(`${root}\\`)) {
        problems.push({ severity: 'error', pointer: '/capabilities/key', message: `Capabilities must live under the same root as RegisteredApplications (${root}, from scope "${m.scope}")` });
      }
      rel = rel.replace(/^HKEY_[A-Z_]+\\/, '');
    }
    const capBase = `${root}\\${rel}`;
    if (rel.split('\\').some((x) => x.trim() === '')) problems.push({ severity: 'error', pointer: '/capabilities/key', message: `"${cap.key}" has an empty key name part` });
    else {
      const why = notOwnKey(rel);
      if (why) problems.push({ severity: 'error', pointer: '/capabilities/key', message: `"${rel}" cannot hold the application's Capabilities: it is ${why}; use e.g. Software\\${m.application.company ?? 'Company'}\\App\\Capabilities` });
    }
    const values: RegValue[] = [text('ApplicationName', m.application.name, '/application/name')];
    if (m.application.description !== undefined) values.push(text('ApplicationDescription', m.application.description, '/application/description'));
    if (m.application.icon !== undefined) values.push(text('ApplicationIcon', m.application.icon, '/application/icon'));
    install.push({ path: capBase, values });
    const assoc = (sub: string, map: Record<string, string> | undefined, pointer: string, ext: boolean) => {
      if (!map || Object.keys(map).length === 0) return;
      for (const k of Object.keys(map)) if (ext && !k.startsWith('.')) problems.push({ severity: 'error', pointer: `${pointer}/${k}`, message: `"${k}" is not an extension: it starts with a dot` });
      install.push({ path: `${capBase}\\${sub}`, values: Object.entries(map).map(([k, v]) => text(k, v, `${pointer}/${k}`)) });
    };
    assoc('FileAssociations', cap.fileAssociations, '/capabilities/fileAssociations', true);
    assoc('URLAssociations', cap.urlAssociations, '/capabilities/urlAssociations', false);
    install.push({ path: `${root}\\Software\\RegisteredApplications`, values: [text(m.application.name, rel, '/application/name')] });
    if (!clientBase || !capBase.toLowerCase().startsWith(`${clientBase.toLowerCase()}\\`)) uninstall.push({ path: capBase, values: [], remove: true, field: '/capabilities/key' });
    uninstall.push({ path: `${root}\\Software\\RegisteredApplications`, values: [{ name: m.application.name, type: 'REG_SZ', data: '', remove: true, field: '/application/name' }] });
  }
  checkCollisions(install, problems);
  // The last word: every [-key] line is checked against what install.reg adds.
  if (!problems.some((p) => p.severity === 'error')) checkUninstall({ root, install, uninstall }, problems);
  return { root, install, uninstall, problems };
}
