import type { ProvisioningDocument } from '../model';
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

/** The fixes a finding offers, in the order its rule lists them. */
export function fixesFor(doc: ProvisioningDocument, finding: Finding, rule: Rule, data: FixData): Fix[] {
  return (rule.fixes ?? []).flatMap((id) => {
    const fix = FIXES[id](doc, finding, data);
    return fix ? [fix] : [];
  });
}
