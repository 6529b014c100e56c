import Ajv, { type ValidateFunction } from 'ajv';
import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Span } from '../model';
import type { Severity } from '../finding';
import { didYouMean } from '../text/near-names';
import { ruleIdsIn } from './rule-ids';

export const CONFIG_NAMES = ['.hindsight.yaml', '.hindsight.yml'];

export interface HindsightConfig {
  rules?: Record<string, Severity | 'off'>;
  ignore?: string[];
  ruleFolders?: string[];
  pragmas?: boolean;
  fleet?: { paths?: string[]; groups?: string[] };
  certificates?: { expiryWarningDays?: number };
  /** A baseline file (`hindsight scan --baseline-write`), relative to this file's folder: the findings it holds are not reported. */
  baseline?: string;
}

export interface ConfigProblem {
  message: string;
  span: Span;
}

/** A `.hindsight.yaml` as read: the settings that apply (its valid entries), and what is wrong with it. */
export interface LoadedConfig {
  file: string;
  dir: string;
  text: string;
  config: HindsightConfig;
  problems: ConfigProblem[];
}

let validator: ValidateFunction | undefined;

function validate(rulesDir: string): ValidateFunction {
  // `verbose` hands each error its schema: the keys that were allowed where an unknown one was written.
  validator ??= new Ajv({ allErrors: true, strictRequired: false, allowUnionTypes: true, verbose: true }).compile(
    JSON.parse(readFileSync(path.join(rulesDir, 'schema', 'hindsight-config.schema.json'), 'utf8')),
  );
  return validator;
}

type YamlNode = { range?: [number, number, number]; items?: { key?: YamlNode & { value?: unknown }; value?: YamlNode }[] };

/** The source range of a config node, or of a key's name when `key` is given (an unknown key is underlined, not its whole value). */
function spanOf(doc: Document, segments: string[], key?: string): Span {
  const node = (segments.length ? doc.getIn(segments, true) : doc.contents) as YamlNode | undefined;
  const named = key === undefined ? node : node?.items?.find((pair) => pair.key?.value === key)?.key;
  return { start: named?.range?.[0] ?? 0, end: named?.range?.[1] ?? 0 };
}

/** A JSON pointer's segments (`/rules/a~1b` → rules, a/b). */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const DROPPED = Symbol('dropped');

/** Removes the value at `segments` (array items are marked, and filtered out once every removal is done). */
function drop(data: Record<string, unknown>, segments: string[]): void {
  const parent = segments.slice(0, -1).reduce<unknown>((at, segment) => (at as Record<string, unknown> | undefined)?.[segment], data) as Record<string, unknown> | undefined;
  if (parent === undefined || typeof parent !== 'object') return;
  if (Array.isArray(parent)) parent[Number(segments[segments.length - 1])] = DROPPED;
  else delete parent[segments[segments.length - 1]];
}

function withoutDropped(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== DROPPED).map(withoutDropped);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutDropped(item)]));
  return value;
}

/**
 * Keeps what is valid of a config and says what is not: each entry the schema refuses is left out
 * (a mistyped severity costs that rule's setting, not the whole file), as is a rule id no rule has.
 */
function applicable(name: string, doc: Document, data: unknown, check: ValidateFunction, ruleIds: readonly string[]): { config: HindsightConfig; problems: ConfigProblem[] } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return check(data)
      ? { config: {}, problems: [] }
      : { config: {}, problems: [{ message: `${name}: must be a mapping of settings; the file is not applied.`, span: spanOf(doc, []) }] };
  }
  const config = data as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  if (!check(config)) {
    for (const error of check.errors ?? []) {
      const segments = pointerSegments(error.instancePath);
      if (error.keyword === 'additionalProperties') {
        const key = (error.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        problems.push({ message: `${name}: ${[...segments, key].join('.')}: not a setting${didYouMean(key, allowed)}; it is ignored.`, span: spanOf(doc, segments, key) });
        drop(config, [...segments, key]);
        continue;
      }
      const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: string[] }).allowedValues : [];
      const detail = error.keyword === 'enum' ? `must be one of ${allowed.join(', ')}${didYouMean(error.data, allowed)}` : error.message;
      problems.push({ message: `${name}: ${segments.join('.') || '(top level)'}: ${detail}; it is ignored.`, span: spanOf(doc, segments) });
      drop(config, segments);
    }
  }
  const kept = withoutDropped(config) as HindsightConfig;
  // What removing one entry could not fix (it should not happen) costs the file, as before.
  if (!check(kept)) return { config: {}, problems };
  for (const id of Object.keys(kept.rules ?? {})) {
    if (ruleIds.includes(id)) continue;
    problems.push({ message: `${name}: rules.${id}: no rule has this id${didYouMean(id, ruleIds)}; it is ignored.`, span: spanOf(doc, ['rules'], id) });
    delete kept.rules![id];
  }
  return { config: kept, problems };
}

/**
 * Parses and validates a config file; every problem carries the range of the offending node. What
 * is valid applies; what is not is left out and named in a problem. A file that is not YAML applies nothing.
 */
export function parseConfig(file: string, text: string, rulesDir: string): LoadedConfig {
  const name = path.basename(file);
  const base = { file, dir: path.dirname(file), text };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const notApplied = (message: string, span: Span): ConfigProblem => ({ message: `${message}; the file is not applied until this is fixed.`, span });
  if (doc.errors.length > 0) {
    return {
      ...base,
      config: {},
      problems: doc.errors.map((error) => notApplied(`YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`, { start: error.pos[0], end: error.pos[1] })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // yaml refuses documents whose aliases would expand beyond its limit (a "billion laughs").
    return { ...base, config: {}, problems: [notApplied(`${name}: ${(error as Error).message}`, { start: 0, end: 0 })] };
  }
  const folders = Array.isArray((data as HindsightConfig).ruleFolders) ? (data as HindsightConfig).ruleFolders! : [];
  const ruleIds = [rulesDir, ...folders.filter((folder) => typeof folder === 'string').map((folder) => path.resolve(base.dir, folder))].flatMap(ruleIdsIn);
  return { ...base, ...applicable(name, doc, data, validate(rulesDir), ruleIds) };
}

/**
 * A gitignore-style matcher for paths relative to the config's folder, compiled once per list: a
 * config is loaded once and asked about every file (compiling 50,000 patterns per file cost 0.6 s).
 */
export function pathMatcher(patterns: string[] | undefined): Ignore | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = ignore().add(patterns);
    matchers.set(patterns, matcher);
  }
  return matcher;
}

const matchers = new WeakMap<string[], Ignore>();
