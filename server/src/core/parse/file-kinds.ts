import type { FileKind, Phase } from '../model';

/** What a written file is, by where it is written. */
export function fileKindOf(path: string, content: string | undefined): FileKind {
  if (/^\/etc\/apt\/apt\.conf(\.d\/[^/]+)?$/.test(path)) return 'apt-conf';
  // dnf-automatic (dnf 4 and 5) and yum-cron: `[commands]` `apply_updates = yes`, `reboot = when-needed`.
  if (/^\/etc\/dnf\/(automatic\.conf|dnf5-plugins\/automatic\.conf)$|^\/etc\/yum\/yum-cron(-hourly)?\.conf$/.test(path)) return 'dnf-automatic-conf';
  if (/^\/etc\/needrestart\/(needrestart\.conf|conf\.d\/[^/]+\.conf)$/.test(path)) return 'needrestart-conf';
  if (/^\/etc\/systemd\/networkd\.conf(\.d\/[^/]+\.conf)?$/.test(path) || /^\/(etc|run|usr\/lib|lib)\/systemd\/networkd\.conf\.d\/[^/]+\.conf$/.test(path)) {
    return 'networkd-conf';
  }
  if (/^\/(etc|run|usr\/lib|lib)\/systemd\/network\/[^/]+\.network$/.test(path)) return 'networkd-network';
  if (/^\/(etc|run|lib)\/netplan\/[^/]+\.ya?ml$/.test(path)) return 'netplan';
  if (path === '/etc/rc.local' || path === '/etc/rc.d/rc.local' || /^\/var\/lib\/cloud\/scripts\/per-boot\/[^/]+$/.test(path)) return 'boot-script';
  if (/^\/var\/lib\/cloud\/scripts\/per-(instance|once)\/[^/]+$/.test(path)) return 'instance-script';
  if (/^\/etc\/network\/interfaces(\.d\/[^/]+)?$/.test(path)) return 'ifupdown-interfaces';
  if (/^\/etc\/crontab$|^\/etc\/cron\.d\/[^/]+$|^\/var\/spool\/cron\/(crontabs\/)?[^/]+$/.test(path)) return 'crontab';
  if (/^\/etc\/network\/if-(pre-)?up\.d\/[^/]+$/.test(path) || /^\/etc\/sysconfig\/network-scripts\/ifup-local$/.test(path)) return 'if-up-script';
  if (/^\/etc\/networkd-dispatcher\/|^\/etc\/NetworkManager\/dispatcher\.d\//.test(path)) return 'dispatcher-script';
  if (/^\/(etc|usr\/lib|lib)\/systemd\/system\/[^/]+\.(service|timer|socket)(\.d\/[^/]+\.conf)?$/.test(path)) return 'systemd-unit';
  if (/\.(sh|bash)$/.test(path) || /^#!\s*\S*\b(ba|da|k|z)?sh\b/.test(content ?? '')) return 'script';
  return 'other';
}

/** When the commands in a written script run (a dispatcher hook has a lifecycle of its own, in `file-write.ts`). */
export function scriptPhase(kind: FileKind): Phase | undefined {
  switch (kind) {
    case 'boot-script':
      return 'every-boot';
    case 'instance-script':
      return 'first-boot';
    case 'if-up-script':
      return 'if-up';
    case 'script':
      return 'file';
    default:
      return undefined;
  }
}

/** Where a file copied to `destination` lands: a destination ending in `/` is a folder the file keeps its name in. */
export function installedPath(destination: string, source: string | undefined): string {
  return destination.endsWith('/') && source ? `${destination}${source.split(/[\\/]/).pop()}` : destination;
}
