import { relativeInside } from './paths';
import type { Analysis } from './engine';
import type { DetachedFinding } from './finding';
import * as path from 'node:path';
import type { FileKind, ProvisioningDocument, ReadAs, Span } from './model';
import { fileKindOf, installedPath } from './parse/file-kinds';
import { mergeLifecycles, weightiestPhase } from './lifecycle';
import { batching } from './batching';
import type { OtherFacts, PublishedFact } from './rules/rule-code';

function addTo(index: Map<string, Set<PublishedFact>>, key: string, fact: PublishedFact): void {
  const set = index.get(key) ?? new Set();
  set.add(fact);
  index.set(key, set);
}

/**
 * Another file runs or hands over a file (a play runs a role's tasks; Terraform gives a template to
 * instances as user-data): published by the file that names it, with how the file is read.
 */
const READS_FILE = 'reads-file';
/** A repository file is installed on the host at `path` (Ansible `copy`/`template` `src`): published by the installer. */
const INSTALLS_FILE = 'installs-file';
/** A path on the host is run as a script (a unit's `ExecStart`): whatever is installed there is read as run so. */
const RUNS_PATH = 'runs-path';
/** Kinds of installed files not read for being installed: a plain script only when something runs it. */
const UNREAD_KINDS: ReadonlySet<FileKind> = new Set(['script', 'other']);
/** Facts about a host path are looked up by path and name together: thousands of plays may install the same path. */
function pathKey(hostPath: string, name: string): string {
  return `${name}\0${hostPath}`;
}

/** Related places are a pointer, not a list. */
const MAX_READERS = 3;

type OwnFact = Omit<PublishedFact, 'file' | 'format'>;

/** A repository file installed on the host at `installedAt`; read in its own file (as what that path holds) unless the installer read it. */
function installFact(about: string, installedAt: string, span: Span, note: string, readHere: boolean): OwnFact {
  const readable = !readHere && !UNREAD_KINDS.has(fileKindOf(installedAt, undefined));
  return { name: INSTALLS_FILE, span, note, about, path: installedAt, ...(readable ? { readAs: { format: 'installed' as const, path: installedAt } } : {}) };
}

/**
 * What a Dockerfile copies from its build context (taken to be its folder) into the image, at an
 * absolute destination: installed on every machine booted from the image (a bootable container).
 */
function copiedIntoImage(doc: ProvisioningDocument, file: string): OwnFact[] {
  return doc.steps.flatMap((step) => {
    const destination = step.kind === 'copy' && !step.from ? step.destination?.value : undefined;
    if (step.kind !== 'copy' || !destination?.startsWith('/')) return [];
    const literal = step.sources.filter((source) => !/[*?[]|:\/\/|\$/.test(source.value) && !source.value.startsWith('<<'));
    return literal.map((source) => {
      const installedAt = installedPath(destination, source.value);
      return installFact(path.resolve(path.dirname(file), source.value), installedAt, source.span, `${step.origin} copies it into the image at ${installedAt}`, false);
    });
  });
}

/** The other files a document runs (its plays' roles and imports), hands over (Terraform's user-data files) or installs, and the paths it runs. */
function readsFacts(doc: ProvisioningDocument, file: string): OwnFact[] {
  const plays = (doc.plays ?? []).flatMap((play) =>
    [...new Set(play.roleSteps.flatMap((step) => step.task?.file ?? []))].map((about) => ({
      name: READS_FILE,
      span: play.hostsPairSpan,
      note: `runs in the play for ${play.hosts}`,
      about,
      readAs: { format: 'ansible' as const, ...(play.imageBuild ? { imageBuild: true } : {}), ...(batching(play.serial).kind === 'batched' ? { batched: true } : {}) },
    })),
  );
  const handed = (doc.handsOver ?? []).map((handed) => ({
    name: READS_FILE,
    span: handed.span,
    note: handed.note,
    about: handed.file,
    readAs: handed.readAs,
  }));
  const installed = doc.steps.flatMap((step) =>
    step.kind === 'file' && step.installedFrom
      ? [installFact(step.installedFrom, step.path, step.pathSpan, `${step.origin} installs it at ${step.path}`, step.content !== undefined)]
      : [],
  );
  const runs = (doc.runsPaths ?? []).map((run) => ({
    name: RUNS_PATH,
    span: run.span,
    note: `${run.note} runs it`,
    path: run.path,
    readAs: { format: 'script' as const, phase: run.phase, lifecycle: run.lifecycle },
  }));
  return [...plays, ...handed, ...installed, ...copiedIntoImage(doc, file), ...runs];
}

/**
 * Facts every file of a workspace (or a CLI scan) published, so a rule can complete its findings
 * in one file with what others say. Knows no rule: rules publish and read facts through their
 * `crossFile` hooks. Only files with something to say are kept.
 */
export class FactIndex {
  private readonly facts = new Map<string, PublishedFact[]>();
  /** Facts about a file published by others (a play that runs it), by that file: looked up, never scanned. */
  private readonly about = new Map<string, Set<PublishedFact>>();
  /** Facts about a path on the host (what is installed there, what runs it), by that path and their name. */
  private readonly byPath = new Map<string, Set<PublishedFact>>();
  /** Every fact by its name, for rules completing their findings: looked up, never scanned whole. */
  private readonly byName = new Map<string, Set<PublishedFact>>();

  /** What a file tells the others: what it runs, hands over or installs, and what its rules publish. Plain data, so a worker thread can send it. */
  static publishedBy(file: string, analysis: Analysis): PublishedFact[] {
    const doc = analysis.doc;
    const published: PublishedFact[] = [];
    if (doc) {
      for (const fact of readsFacts(doc, file)) published.push({ ...fact, file, format: doc.format });
      for (const rule of analysis.ruleSet.rules) {
        const publish = analysis.ruleSet.codeOf(rule.id)?.crossFile?.publish;
        if (!publish) continue;
        const own = analysis.findings.filter((finding) => finding.ruleId === rule.id);
        for (const fact of publish(doc, own)) published.push({ ...fact, file, format: doc.format });
      }
    }
    return published;
  }

  /** Records what a file's rules publish (and forgets what it published before). */
  record(file: string, analysis: Analysis): void {
    this.recordPublished(file, FactIndex.publishedBy(file, analysis));
  }

  /** Records what a file told the others, as `publishedBy` gave it (and forgets what it told before). */
  recordPublished(file: string, published: PublishedFact[]): void {
    this.delete(file);
    if (published.length === 0) return;
    this.facts.set(file, published);
    for (const fact of published) {
      addTo(this.byName, fact.name, fact);
      if (fact.about !== undefined) addTo(this.about, fact.about, fact);
      if (fact.path !== undefined) addTo(this.byPath, pathKey(fact.path, fact.name), fact);
    }
  }

  /** Files that published facts, at or under `path` (a deleted folder). */
  filesUnder(path: string): string[] {
    return [...this.facts.keys()].filter((file) => relativeInside(path, file) !== undefined);
  }

  delete(file: string): void {
    for (const fact of this.facts.get(file) ?? []) {
      this.byName.get(fact.name)?.delete(fact);
      if (fact.about !== undefined) this.about.get(fact.about)?.delete(fact);
      if (fact.path !== undefined) this.byPath.get(pathKey(fact.path, fact.name))?.delete(fact);
    }
    this.facts.delete(file);
  }

  /** Facts of one name about a path on the host. */
  private atPath(hostPath: string, name: string): PublishedFact[] {
    return [...(this.byPath.get(pathKey(hostPath, name)) ?? [])];
  }

  /** What installs a repository file on the host, and what runs it where it is installed. */
  private installedAndRun(file: string): { installs: PublishedFact[]; runs: PublishedFact[] } {
    const installs = [...(this.about.get(file) ?? [])].filter((fact) => fact.name === INSTALLS_FILE && fact.path !== undefined);
    const runs = installs.flatMap((install) => this.atPath(install.path!, RUNS_PATH));
    return { installs, runs };
  }

  /** How another file says this one is read: Ansible when a play runs it, user-data when Terraform hands it over. */
  readAs(file: string): ReadAs | undefined {
    const readers = [...(this.about.get(file) ?? [])].filter((fact) => fact.name === READS_FILE && fact.file !== file && fact.readAs).map((fact) => fact.readAs!);
    // A file an image build and a rollout both run is judged as the rollout runs it.
    const ansible = readers.filter((readAs) => readAs.format === 'ansible');
    if (ansible.length > 0) {
      const every = (flag: 'imageBuild' | 'batched') => (ansible.every((readAs) => readAs[flag]) ? { [flag]: true } : {});
      return { format: 'ansible', ...every('imageBuild'), ...every('batched') };
    }
    if (readers.length > 0) return readers[0];
    // A script installed where something runs it runs whenever any of them runs it.
    const { installs, runs } = this.installedAndRun(file);
    const scripts = runs.flatMap((fact) => (fact.readAs?.format === 'script' ? [fact.readAs] : []));
    if (scripts.length > 0) return { ...weightiestPhase(scripts), lifecycle: scripts.map((readAs) => readAs.lifecycle).reduce(mergeLifecycles) };
    return installs.find((fact) => fact.readAs)?.readAs;
  }

  /** The files that run or hand over this one, install it, or run it where it is installed. */
  readersOf(file: string): string[] {
    const { installs, runs } = this.installedAndRun(file);
    const readers = [...(this.about.get(file) ?? [])].filter((fact) => fact.name === READS_FILE);
    return [...new Set([...readers, ...installs, ...runs].map((fact) => fact.file).filter((reader) => reader !== file))];
  }

  /** What a file tells the others, as one comparable text: unchanged, no other file needs reading again. */
  told(file: string): string {
    return JSON.stringify(this.facts.get(file) ?? []);
  }

  /**
   * The files whose reading depends on what this one says: those it runs, hands over or installs,
   * and those installed where it runs a script. Asked before and after a file changes, so the
   * editor re-lints the files it stopped or started affecting.
   */
  affectedBy(file: string): string[] {
    const affected = new Set<string>();
    for (const fact of this.facts.get(file) ?? []) {
      if (fact.about !== undefined && (fact.name === READS_FILE || fact.name === INSTALLS_FILE)) affected.add(fact.about);
      if (fact.name === RUNS_PATH) for (const install of this.atPath(fact.path!, INSTALLS_FILE)) affected.add(install.about!);
    }
    affected.delete(file);
    return [...affected];
  }

  /** Every file that others run or hand over, or install where something runs it. */
  readFiles(): string[] {
    return [...this.about.keys()].filter((file) => this.readAs(file) !== undefined);
  }

  /** Whether other files may change a file's findings: a rule reads cross-file facts, or a play elsewhere may run the file. */
  static waitsForOthers(analysis: Analysis): boolean {
    return FactIndex.completes(analysis) || (analysis.findings.length > 0 && analysis.doc !== undefined && !analysis.doc.plays && analysis.doc.format === 'ansible');
  }

  /** Whether a rule of these findings reads cross-file facts. */
  static completes(analysis: { findings: DetachedFinding[] } & Pick<Analysis, 'ruleSet'>): boolean {
    return analysis.findings.some((finding) => analysis.ruleSet.codeOf(finding.ruleId)?.crossFile?.complete !== undefined);
  }

  /** A file's findings completed by its rules' `crossFile.complete` hooks with every other file's facts. */
  complete<F extends DetachedFinding>(file: string, analysis: { findings: F[] } & Pick<Analysis, 'ruleSet' | 'failures'>, format: string | undefined): F[] {
    const byRules = format !== undefined && FactIndex.completes(analysis) ? this.byRules(analysis, format, this.othersThan(file), file) : analysis.findings;
    return this.runBy(file, byRules);
  }

  /** The plays that run a file, as `playbook:offset`. */
  private playsRunning(file: string): Set<string> {
    const plays = [...(this.about.get(file) ?? [])].filter((fact) => fact.name === READS_FILE && fact.readAs?.format === 'ansible' && fact.span);
    return new Set(plays.map((fact) => `${fact.file}:${fact.span!.start}`));
  }

  /** What every file but `file` published, by name; a lookup stops at its limit. */
  private othersThan(file: string): OtherFacts {
    return {
      runTogether: (one, other) => {
        const plays = this.playsRunning(one);
        return [...this.playsRunning(other)].some((play) => plays.has(play));
      },
      named: (name, limit = Infinity, where = () => true) => {
        const found: PublishedFact[] = [];
        for (const fact of this.byName.get(name) ?? []) {
          if (found.length >= limit) break;
          if (fact.file !== file && where(fact)) found.push(fact);
        }
        return found;
      },
    };
  }

  /** Every finding of a file that others run or hand over names where they do. */
  private runBy<F extends DetachedFinding>(file: string, findings: F[]): F[] {
    if (findings.length === 0) return findings;
    const readers = [...(this.about.get(file) ?? [])].filter((fact) => fact.name === READS_FILE && fact.file !== file && fact.span).slice(0, MAX_READERS);
    const { installs, runs } = this.installedAndRun(file);
    const related = [
      ...readers.map((reader) => ({ file: reader.file, span: reader.span!, message: `this file ${reader.note}` })),
      ...[...runs.slice(0, MAX_READERS), ...installs.filter((fact) => runs.length > 0 || fact.readAs).slice(0, MAX_READERS)].map((fact) => ({
        file: fact.file,
        span: fact.span!,
        message: fact.note,
      })),
    ];
    if (related.length === 0) return findings;
    return findings.map((finding) => ({ ...finding, related: [...(finding.related ?? []), ...related] }));
  }

  private byRules<F extends DetachedFinding>(analysis: { findings: F[] } & Pick<Analysis, 'ruleSet' | 'failures'>, format: string, others: OtherFacts, file: string): F[] {
    const completedRules = new Set<string>();
    const completed: F[] = [];
    for (const ruleId of new Set(analysis.findings.map((finding) => finding.ruleId))) {
      const complete = analysis.ruleSet.codeOf(ruleId)?.crossFile?.complete;
      if (!complete) continue;
      const own = analysis.findings.filter((finding) => finding.ruleId === ruleId);
      try {
        completed.push(...complete(own, format, others, file));
        completedRules.add(ruleId);
      } catch (error) {
        analysis.failures.push({ ruleId, error: error as Error });
      }
    }
    return [...analysis.findings.filter((finding) => !completedRules.has(finding.ruleId)), ...completed].sort(
      (a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId),
    );
  }
}
