import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { compilePattern } from './matchers';
import type { Incident } from '../finding';
import { ruleCodeFor } from './code-registry';
import type { FixDefinition, RuleCode } from './rule-code';
import { RuleSet } from './rule-set';
import type { EolRelease, Rule } from './types';
import { ruleFileNames } from './rule-files';

/** A rule file that cannot be used, with the file, line and field at fault. */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

interface Validators {
  rule: ValidateFunction;
  incidents: ValidateFunction;
  eolImages: ValidateFunction;
}

const validatorCache = new Map<string, Validators>();

function validators(rulesDir: string): Validators {
  const cached = validatorCache.get(rulesDir);
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const load = (name: string) => JSON.parse(readFileSync(path.join(rulesDir, 'schema', name), 'utf8'));
  const created = {
    rule: ajv.compile(load('rule.schema.json')),
    incidents: ajv.compile(load('incidents.schema.json')),
    eolImages: ajv.compile(load('eol-images.schema.json')),
  };
  validatorCache.set(rulesDir, created);
  return created;
}

/** The folder of the shipped rules: `rules/` at the package root, found from the bundle or the sources. */
export function defaultRulesDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'rules', 'incidents.yaml'))) return path.join(dir, 'rules');
  }
  throw new Error(`rules/incidents.yaml not found above ${__dirname}`);
}

/** The YAML line (1-based) of the node an ajv instancePath points at, falling back to its parent. */
function lineOf(root: unknown, instancePath: string, lines: LineCounter): number {
  const segments = instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root as Node | undefined;
  let line = 1;
  for (const segment of segments) {
    if (node?.range) line = lines.linePos(node.range[0]).line;
    if (isMap(node)) node = node.get(segment, true) as Node | undefined;
    else if (isSeq(node)) node = node.get(Number(segment), true) as Node | undefined;
    else break;
  }
  if (node?.range) line = lines.linePos(node.range[0]).line;
  return line;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return `unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'enum') return `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return error.message ?? error.keyword;
}

/** Parses and validates one YAML file, throwing a RuleLoadError that names file, line and field. */
function loadValidated(file: string, validate: ValidateFunction): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new RuleLoadError(file, lines.linePos(error.pos[0]).line, '', error.message.split('\n')[0]);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new RuleLoadError(file, 1, '', (error as Error).message);
  }
  if (!validate(data)) {
    // The most specific error first: a deep path says more than "must match a schema in anyOf".
    const error = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
    throw new RuleLoadError(file, lineOf(doc.contents, error.instancePath, lines), field, describe(error));
  }
  return data;
}

/** Placeholders each declarative matcher fills in a message. */
const MATCHER_PLACEHOLDERS: Record<string, readonly string[]> = {
  command: ['command', 'origin', 'runs', 'lostOn'],
  service: ['unit', 'origin', 'command', 'runs', 'lostOn'],
  setting: ['key', 'value'],
  config: ['key', 'value', 'path'],
  package: ['command', 'origin', 'runs', 'lostOn'],
  environment: ['key', 'value'],
};

/** The shipped rules' fixes, by the id rule files name them with. */
function shippedFixes(rules: Rule[]): Map<string, FixDefinition> {
  return new Map(rules.flatMap((rule) => Object.entries(ruleCodeFor(rule.id)?.fixes ?? {})));
}

/** A rule's code: its own module (shipped rules) and the check it names, which may be another rule's. */
function codeOf(rule: Rule): RuleCode | undefined {
  const own = ruleCodeFor(rule.id);
  if (!rule.check || rule.check === rule.id) return own;
  const named = ruleCodeFor(rule.check);
  return named && { ...own, check: named.check, placeholders: named.placeholders };
}

/** Every `<id>.yaml` rule in a folder, validated, its incidents, checks, fixes and placeholders resolved. */
function loadRulesIn(dir: string, validateRule: ValidateFunction, incidents: ReadonlyMap<string, Incident>, fixes: ReadonlyMap<string, FixDefinition> | undefined, code: Map<string, RuleCode>): Rule[] {
  const rules: Rule[] = [];
  for (const name of ruleFileNames(dir)) {
    const file = path.join(dir, name);
    const rule = loadValidated(file, validateRule) as Rule;
    const fail = (field: string, detail: string): never => {
      const lines = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
      throw new RuleLoadError(file, lineOf(doc.contents, `/${field.replace(/\./g, '/')}`, lines), field, detail);
    };
    if (`${rule.id}.yaml` !== name) fail('id', `must match the file name (${name})`);
    if (rule.id in Object.prototype) fail('id', `"${rule.id}" is reserved (a name every JavaScript object has); give your rule another id`);
    rule.incidents.forEach((id, i) => incidents.has(id) || fail(`incidents.${i}`, `unknown incident "${id}"`));
    const ruleCode = codeOf(rule);
    if (rule.check && !ruleCode?.check) fail('check', `no check named "${rule.check}"`);
    (rule.match ?? []).forEach((matcher, i) => {
      if (!('command' in matcher) || matcher.command.argsPattern === undefined) return;
      try {
        compilePattern(matcher.command.argsPattern);
      } catch (error) {
        fail(`match.${i}.command.argsPattern`, `not a valid RE2 pattern: ${(error as Error).message}`);
      }
    });
    const available = fixes ?? new Map(Object.entries(ruleCode?.fixes ?? {}));
    (rule.fixes ?? []).forEach((id, i) => available.has(id) || fail(`fixes.${i}`, `no fix named "${id}"`));
    const placeholders = new Set([...(rule.match ?? []).flatMap((matcher) => MATCHER_PLACEHOLDERS[Object.keys(matcher)[0]]), ...(ruleCode?.placeholders ?? [])]);
    for (const [, name] of rule.message.matchAll(/\{(\w+)\}/g)) {
      if (!placeholders.has(name)) fail('message', `"{${name}}" is not filled by this rule's matchers or check (${[...placeholders].join(', ') || 'none'})`);
    }
    if (ruleCode) code.set(rule.id, ruleCode);
    rules.push(rule);
  }
  return rules;
}

/**
 * A project's own rules (a config's `ruleFolders`), validated like the shipped ones; they may cite
 * the shipped incidents and those of an `incidents.yaml` beside them, and name shipped checks and
 * fixes. A shipped id cannot be redefined. The result is a new rule set; `base` is not changed.
 */
export function extendRuleSet(base: RuleSet, dir: string, rulesDir: string): RuleSet {
  const { rule: validateRule, incidents: validateIncidents } = validators(rulesDir);
  const own = path.join(dir, 'incidents.yaml');
  const incidents = new Map(existsSync(own) ? (loadValidated(own, validateIncidents) as { incidents: Incident[] }).incidents.map((incident) => [incident.id, incident]) : []);
  // Built-in incidents stay as shipped: a project's file may add incidents, not rewrite the links of ours.
  const redefined = [...incidents.keys()].find((id) => base.incidents.has(id));
  if (redefined) throw new RuleLoadError(own, 1, 'incidents', `"${redefined}" is a built-in incident; give yours another id`);
  const code = new Map<string, RuleCode>();
  const fixes = new Map(base.rules.flatMap((rule) => (rule.fixes ?? []).flatMap((id) => (base.fix(id) ? [[id, base.fix(id)!] as const] : []))));
  const rules = loadRulesIn(dir, validateRule, new Map([...base.incidents, ...incidents]), fixes, code);
  const clash = rules.find((rule) => base.has(rule.id));
  if (clash) throw new RuleLoadError(path.join(dir, `${clash.id}.yaml`), 1, 'id', `"${clash.id}" is a built-in rule; give your rule another id`);
  return base.extendedWith(rules, incidents, code);
}

/**
 * Loads `rules/*.yaml`, `rules/incidents.yaml` and the catalogs in `rules/catalogs/`, validating each
 * against its schema and the references between them (incident ids, checks, fixes and placeholders in code).
 */
export function loadRuleSet(rulesDir: string): RuleSet {
  const { rule: validateRule, incidents: validateIncidents, eolImages: validateEolImages } = validators(rulesDir);
  const eolCatalog = loadValidated(path.join(rulesDir, 'catalogs', 'eol-images.yaml'), validateEolImages) as { releases: EolRelease[] };
  const incidentsFile = path.join(rulesDir, 'incidents.yaml');
  const catalog = loadValidated(incidentsFile, validateIncidents) as { incidents: Incident[] };
  const incidents = new Map(catalog.incidents.map((incident) => [incident.id, incident]));
  const code = new Map<string, RuleCode>();
  const rules = loadRulesIn(rulesDir, validateRule, incidents, undefined, code);
  return new RuleSet(rules, incidents, eolCatalog.releases, code, shippedFixes(rules));
}
