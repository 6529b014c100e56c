import Ajv, { type ValidateFunction } from 'ajv';
import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Span } from '../model';
import type { Severity } from '../finding';

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

/** A `.hindsight.yaml` as read: its settings (empty when invalid), and what is wrong with it. */
export interface LoadedConfig {
  file: string;
  dir: string;
  text: string;
  config: HindsightConfig;
  problems: ConfigProblem[];
}

let validator: ValidateFunction | undefined;

function validate(rulesDir: string): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strictRequired: false, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(path.join(rulesDir, 'schema', 'hindsight-config.schema.json'), 'utf8')),
  );
  return validator;
}

/** Parses and validates a config file; every problem carries the range of the offending node. */
export function parseConfig(file: string, text: string, rulesDir: string): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problems: ConfigProblem[] = doc.errors.map((error) => ({ message: `YAML: ${error.message.split('\n')[0]}`, span: { start: error.pos[0], end: error.pos[1] } }));
  let data: unknown = {};
  if (problems.length === 0) {
    try {
      data = doc.toJS() ?? {};
    } catch (error) {
      // yaml refuses documents whose aliases would expand beyond its limit (a "billion laughs").
      problems.push({ message: `${path.basename(file)}: ${(error as Error).message}`, span: { start: 0, end: 0 } });
    }
  }
  const check = validate(rulesDir);
  if (problems.length === 0 && !check(data)) {
    for (const error of check.errors ?? []) {
      const segments = error.instancePath.split('/').slice(1);
      const node = (segments.length ? doc.getIn(segments, true) : doc.contents) as { range?: [number, number, number] } | undefined;
      const field = segments.join('.') || '(top level)';
      const extra = error.keyword === 'additionalProperties' ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"` : '';
      const allowed = error.keyword === 'enum' ? `: ${(error.params as { allowedValues: string[] }).allowedValues.join(', ')}` : '';
      problems.push({ message: `${path.basename(file)}: ${field}: ${error.message}${extra}${allowed}`, span: { start: node?.range?.[0] ?? 0, end: node?.range?.[1] ?? 0 } });
    }
  }
  return { file, dir: path.dirname(file), text, config: problems.length === 0 ? (data as HindsightConfig) : {}, problems };
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
