import { parseDocument } from 'yaml';
import type { ProvisioningDocument } from '../model';
import { maskJinja } from '../text/jinja';
import type { Finding, Rule } from '../rules/types';
import { allowSshFirst, networkctlReload } from './command-rewrites';
import { insertSerial } from './play-keywords';
import { routeToNetplan } from './route-to-netplan';
import { copyToSecretMount, replaceEolImage } from './dockerfile-fixes';
import type { Fix, FixData, FixProvider } from './types';
import { disableAutomaticReboot, disablePackageUpgrade, needrestartListOnly, setPeriodicOff } from './value-rewrites';
import { writeKeepForeignDropIn, writePeriodicOff } from './write-file-fixes';

/** Quick fixes by the id rules name them with. Each returns undefined where no safe rewrite exists. */
export const FIXES: Record<string, FixProvider> = {
  'set-periodic-off': setPeriodicOff,
  'write-periodic-off': writePeriodicOff,
  'route-to-netplan': routeToNetplan,
  'keep-foreign-routes': writeKeepForeignDropIn,
  'networkctl-reload': networkctlReload,
  'needrestart-list-only': needrestartListOnly,
  'disable-automatic-reboot': disableAutomaticReboot,
  'disable-package-upgrade': disablePackageUpgrade,
  'allow-ssh-first': allowSshFirst,
  'insert-serial': insertSerial,
  'replace-eol-image': (doc, finding, data) => replaceEolImage(doc, finding, data.eolReleases),
  'copy-to-secret-mount': copyToSecretMount,
};

/** Fixes that add, remove or move lines rather than replace a value in place. */
const STRUCTURAL = new Set(['write-periodic-off', 'route-to-netplan', 'keep-foreign-routes', 'allow-ssh-first', 'insert-serial', 'copy-to-secret-mount']);

/**
 * The fixes a finding offers, in the order its rule lists them. A document that does not parse gets
 * only in-place rewrites: lines added to a broken document land somewhere unpredictable.
 */
export function fixesFor(doc: ProvisioningDocument, finding: Finding, rule: Rule, data: FixData): Fix[] {
  const broken = doc.problems.length > 0;
  return (rule.fixes ?? []).flatMap((id) => {
    if (broken && STRUCTURAL.has(id)) return [];
    const fix = FIXES[id](doc, finding, data);
    return fix && (!STRUCTURAL.has(id) || stillParses(doc, fix)) ? [fix] : [];
  });
}

/** A structural fix is offered only if the YAML it produces parses (checked the way the adapter reads it). */
function stillParses(doc: ProvisioningDocument, fix: Fix): boolean {
  if (doc.format !== 'cloud-init' && doc.format !== 'ansible') return true;
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  const fixed = edits.reduce((text, edit) => text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), doc.text);
  const source = doc.format === 'cloud-init' ? maskJinja(fixed.replace(/^\uFEFF/, ' ')) : fixed;
  return parseDocument(source, { uniqueKeys: false, strict: false }).errors.length === 0;
}
