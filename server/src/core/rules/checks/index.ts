import type { ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import type { Rule } from '../types';
import { firewallBeforeSshAllow } from './firewall-before-ssh-allow';
import { networkdForeignRoutes } from './networkd-foreign-routes';
import { playWithoutSerial } from './play-without-serial';
import { remoteScriptPipedToShell } from './remote-script-piped-to-shell';
import { unattendedUpgradesEnabled } from './unattended-upgrades-enabled';

export type Check = (doc: ProvisioningDocument, rule: Rule) => Match[];

/** Checks whose logic (absence, ordering, data flow) does not fit a declarative matcher. */
export const CHECKS: Record<string, Check> = {
  'unattended-upgrades-enabled': unattendedUpgradesEnabled,
  'networkd-foreign-routes': networkdForeignRoutes,
  'firewall-before-ssh-allow': firewallBeforeSshAllow,
  'remote-script-piped-to-shell': remoteScriptPipedToShell,
  'play-without-serial': playWithoutSerial,
};
