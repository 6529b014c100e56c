import type { ProvisioningDocument, Step } from '../model';
import { hostSteps } from './matchers';

/** Packages a document keeps from moving, by name or pattern. */
export interface KeptPackages {
  /** Held or version-locked by name: no upgrade moves them. */
  held: Set<string>;
  /** Excluded from their repository (yum `exclude=`) or pinned (apt preferences), as patterns over names. */
  heldPatterns: RegExp[];
  /** Held in a way the file does not spell out (`… | xargs apt-mark hold`, an apt preferences template): any package may be. */
  heldUnknown: boolean;
  /** `Unattended-Upgrade::Package-Blacklist` entries: unattended-upgrades skips what they match (at the start of the name, as regular expressions). */
  blacklist: RegExp[];
}

const BLACKLIST_KEY = 'unattended-upgrade::package-blacklist';

/** A blacklist entry as unattended-upgrades reads it; a plain name when it is not a valid expression. */
function blacklistPattern(entry: string): RegExp {
  try {
    return new RegExp(`^(?:${entry})`);
  } catch {
    return new RegExp(`^${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  }
}

/** A yum `exclude=` word (a shell glob) as a pattern for whole names. */
function excludePattern(word: string): RegExp {
  return new RegExp(`^${word.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function keptPackages(steps: Step[]): KeptPackages {
  const kept: KeptPackages = { held: new Set(), heldPatterns: [], heldUnknown: false, blacklist: [] };
  for (const step of steps) {
    if (step.kind === 'package' && step.action === 'hold') {
      for (const pkg of step.packages) {
        if (pkg.name === '*') kept.heldUnknown = true;
        else kept.held.add(pkg.name);
      }
    }
    if (step.kind !== 'file') continue;
    for (const entry of step.entries) if (entry.key.toLowerCase() === BLACKLIST_KEY && entry.value.trim() !== '') kept.blacklist.push(blacklistPattern(entry.value.trim()));
    if (step.path.startsWith('/etc/apt/preferences.d/')) {
      // Pinning is what a preferences file is for; one from a template pins what the file does not show.
      if (step.content === undefined) kept.heldUnknown = true;
      else for (const match of step.content.matchAll(/^\s*Package:\s*(.+)$/gm)) match[1].split(/\s+/).forEach((name) => kept.heldPatterns.push(excludePattern(name)));
    }
    if (step.path.startsWith('/etc/yum.repos.d/') && step.content)
      for (const match of step.content.matchAll(/^\s*exclude\s*=\s*(.+)$/gm)) match[1].split(/[\s,]+/).filter(Boolean).forEach((word) => kept.heldPatterns.push(excludePattern(word)));
  }
  return kept;
}

const keptByDocument = new WeakMap<ProvisioningDocument, KeptPackages>();

/** What the steps a document's hosts run keep back, worked out once per document (checks and facts ask for it). */
export function keptPackagesOf(doc: ProvisioningDocument): KeptPackages {
  let kept = keptByDocument.get(doc);
  if (!kept) {
    kept = keptPackages(hostSteps(doc));
    keptByDocument.set(doc, kept);
  }
  return kept;
}

/** Whether no upgrade moves the package (`unattended` also counts unattended-upgrades' blacklist). */
export function isKept(name: string, kept: KeptPackages, unattended = false): boolean {
  if (kept.heldUnknown || kept.held.has(name) || kept.heldPatterns.some((pattern) => pattern.test(name))) return true;
  return unattended && kept.blacklist.some((pattern) => pattern.test(name));
}
