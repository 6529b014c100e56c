import type { ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import type { Rule, RuleSet } from '../types';
import { eolBaseImage } from './eol-base-image';
import { firewallBeforeSshAllow } from './firewall-before-ssh-allow';
import { floatingBaseImage } from './floating-base-image';
import { networkdForeignRoutes } from './networkd-foreign-routes';
import { playWithoutSerial } from './play-without-serial';
import { remoteScriptPipedToShell } from './remote-script-piped-to-shell';
import { secretInImageLayer } from './secret-in-image-layer';
import { unattendedUpgradesEnabled } from './unattended-upgrades-enabled';

/** What checks may know beyond the document: the catalogs, and today's date for end-of-life dates. */
export interface CheckEnvironment {
  ruleSet: RuleSet;
  today: Date;
}

export type Check = (doc: ProvisioningDocument, rule: Rule, env: CheckEnvironment) => Match[];

/** Checks whose logic (absence, ordering, data flow) does not fit a declarative matcher. */
export const CHECKS: Record<string, Check> = {
  'unattended-upgrades-enabled': unattendedUpgradesEnabled,
  'networkd-foreign-routes': networkdForeignRoutes,
  'firewall-before-ssh-allow': firewallBeforeSshAllow,
  'remote-script-piped-to-shell': remoteScriptPipedToShell,
  'play-without-serial': playWithoutSerial,
  'floating-base-image': floatingBaseImage,
  'eol-base-image': eolBaseImage,
  'secret-in-image-layer': secretInImageLayer,
};
