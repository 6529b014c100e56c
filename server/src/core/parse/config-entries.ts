import type { ConfigEntry, FileKind } from '../model';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { MappedText } from '../text/mapped-text';

/** One `key value` match inside a line, with the offsets of the key and the value in the text. */
function entry(text: MappedText, section: string | undefined, key: string, keyStart: number, value: string, valueStart: number, end: number): ConfigEntry {
  return {
    section,
    key,
    value,
    span: text.toSource(keyStart, end),
    valueSpan: text.toSource(valueStart, valueStart + value.length),
  };
}

function eachLine(text: string, visit: (line: string, start: number) => void): void {
  let start = 0;
  for (const line of text.split('\n')) {
    visit(line.replace(/\r$/, ''), start);
    start += line.length + 1;
  }
}

/**
 * apt.conf: `Scope::Key "value";` on a line, and the nested form `Scope { Key "value"; };` for
 * one level, which is how apt.conf.d files are written in practice.
 */
function aptEntries(text: MappedText): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const scopes: string[] = [];
  eachLine(text.text, (line, start) => {
    const code = line.replace(/\/\/.*$|#.*$/, '');
    const pattern = /([A-Za-z0-9_:.-]+)\s+"([^"]*)"\s*;|([A-Za-z0-9_:.-]+)\s*\{|\}/g;
    for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
      if (match[0] === '}') scopes.pop();
      else if (match[3]) scopes.push(match[3]);
      else {
        const key = [...scopes, match[1]].join('::');
        const valueStart = start + match.index + match[0].indexOf('"', match[1].length) + 1;
        entries.push(entry(text, undefined, key, start + match.index, match[2], valueStart, start + match.index + match[0].length));
      }
    }
  });
  return entries;
}

/** needrestart's Perl: `$nrconf{restart} = 'a';` → key `restart`. */
function needrestartEntries(text: MappedText): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  eachLine(text.text, (line, start) => {
    const match = /^\s*\$nrconf\{(\w+)\}\s*=\s*(['"]?)([^'";]*)\2/.exec(line);
    if (!match || line.trimStart().startsWith('#')) return;
    const valueStart = start + match.index + match[0].length - match[3].length - match[2].length;
    const end = line.indexOf(';', match[0].length) >= 0 ? start + line.indexOf(';', match[0].length) + 1 : start + match[0].length;
    entries.push(entry(text, undefined, match[1], start + line.indexOf('$'), match[3], valueStart, end));
  });
  return entries;
}

/** systemd INI files: `[Section]` and `Key=Value`. */
function iniEntries(text: MappedText): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  let section: string | undefined;
  eachLine(text.text, (line, start) => {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1];
      return;
    }
    const match = /^(\s*)([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) return;
    const afterEquals = line.indexOf('=') + 1;
    const valueStart = start + afterEquals + (line.length - afterEquals - line.slice(afterEquals).trimStart().length);
    entries.push(entry(text, section, match[2], start + match[1].length, match[3], valueStart, valueStart + match[3].length));
  });
  return entries;
}

/** netplan: each route's destination, as key `route` in the section of its interface id. */
function netplanEntries(text: MappedText): ConfigEntry[] {
  const doc = parseDocument(text.text, { uniqueKeys: false });
  const network = isMap(doc.contents) ? doc.contents.get('network', true) : undefined;
  const entries: ConfigEntry[] = [];
  for (const kind of ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis']) {
    const devices = isMap(network) ? network.get(kind, true) : undefined;
    for (const device of isMap(devices) ? devices.items : []) {
      const routes = isMap(device.value) ? device.value.get('routes', true) : undefined;
      for (const route of isSeq(routes) ? routes.items : []) {
        const to = isMap(route) ? route.get('to', true) : undefined;
        if (!isScalar(to) || !to.range || !isScalar(device.key)) continue;
        const span = text.toSource(to.range[0], to.range[1]);
        entries.push({ section: String(device.key.value), key: 'route', value: String(to.value), span, valueSpan: span });
      }
    }
  }
  return entries;
}

/** The settings a written file contains, for the kinds whose settings rules read. */
export function configEntries(kind: FileKind, text: MappedText): ConfigEntry[] {
  switch (kind) {
    case 'apt-conf':
      return aptEntries(text);
    case 'needrestart-conf':
      return needrestartEntries(text);
    case 'netplan':
      return netplanEntries(text);
    case 'networkd-conf':
    case 'networkd-network':
    case 'systemd-unit':
      return iniEntries(text);
    default:
      return [];
  }
}
