import type { ConfigEntry, FileKind } from '../model';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { linesOf } from '../text/lines';
import type { MappedText } from '../text/mapped-text';
import { unitEntries } from './systemd-unit';

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
  for (const line of linesOf(text)) visit(line.text, line.start);
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
    // `Key "value";`, a scope `Key {`, its end, or a list item `"value";` (the scope is its key).
    const pattern = /([A-Za-z0-9_:.-]+)\s+"([^"]*)"\s*;|([A-Za-z0-9_:.-]+)\s*\{|\}|"([^"]*)"\s*;/g;
    for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
      if (match[0] === '}') scopes.pop();
      else if (match[3]) scopes.push(match[3]);
      else if (match[4] !== undefined) {
        if (scopes.length > 0)
          entries.push(entry(text, undefined, scopes.join('::'), start + match.index, match[4], start + match.index + 1, start + match.index + match[0].length));
      } else {
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

/** INI files: systemd's (`networkd.conf`, `.network`), read as systemd reads them, and dnf-automatic's, whose syntax they share. */
function iniEntries(text: MappedText): ConfigEntry[] {
  return unitEntries(text).map((entry) => ({
    section: entry.section,
    key: entry.key,
    value: entry.value.text,
    span: entry.span,
    valueSpan: entry.value.toSource(0, entry.value.text.length),
  }));
}

function scalarEntry(text: MappedText, section: string, key: string, node: unknown): ConfigEntry[] {
  if (!isScalar(node) || !node.range) return [];
  const span = text.toSource(node.range[0], node.range[1]);
  return [{ section, key, value: String(node.value), span, valueSpan: span }];
}

/**
 * netplan, in the section of each interface id: each route's destination (key `route`) and the
 * names the definition applies to (`match-name`, a glob, and `set-name`), and its `kind` (`ethernets` …).
 */
function netplanEntries(text: MappedText): ConfigEntry[] {
  const doc = parseDocument(text.text, { uniqueKeys: false });
  const network = isMap(doc.contents) ? doc.contents.get('network', true) : undefined;
  const entries: ConfigEntry[] = [];
  for (const kind of ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis']) {
    const devices = isMap(network) ? network.get(kind, true) : undefined;
    for (const device of isMap(devices) ? devices.items : []) {
      if (!isScalar(device.key) || !device.key.range || !isMap(device.value)) continue;
      const id = String(device.key.value);
      const keySpan = text.toSource(device.key.range[0], device.key.range[1]);
      entries.push({ section: id, key: 'kind', value: kind, span: keySpan, valueSpan: keySpan });
      const match = device.value.get('match', true);
      entries.push(...scalarEntry(text, id, 'match-name', isMap(match) ? match.get('name', true) : undefined));
      entries.push(...scalarEntry(text, id, 'set-name', device.value.get('set-name', true)));
      const routes = device.value.get('routes', true);
      for (const route of isSeq(routes) ? routes.items : []) entries.push(...scalarEntry(text, id, 'route', isMap(route) ? route.get('to', true) : undefined));
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
    case 'dnf-automatic-conf':
    case 'networkd-conf':
    case 'networkd-network':
    case 'systemd-unit':
      return iniEntries(text);
    default:
      return [];
  }
}
