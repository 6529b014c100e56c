/**
 * Names of the facts rules publish to other files (see `CrossFile` in `rule-code.ts`). A fact is
 * shared by the rules that publish it and those that read it, so its name lives here, not in either.
 */

/** systemd-networkd is restarted here (by a command, or by automatic upgrades), dropping routes it does not own. */
export const NETWORKD_RESTARTED = 'networkd-restarted';

/** A networkd.conf drop-in with ManageForeignRoutes=no and ManageForeignRoutingPolicyRules=no is written. */
export const FOREIGN_ROUTES_KEPT = 'foreign-routes-kept';

/**
 * Formats whose files an Ansible scan applies to the same hosts: plays and task files, and the
 * repository files their tasks install (an apt.conf.d snippet a role copies).
 */
export const SAME_HOSTS: ReadonlySet<string> = new Set(['ansible', 'installed-file']);
