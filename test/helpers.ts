import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../server/src/core/engine';
import type { ReadFile } from '../server/src/core/file-cache';
import type { TextEdit } from '../server/src/core/fixes/types';
import { Formats } from '../server/src/core/formats/registry';
import type { ProvisioningDocument } from '../server/src/core/model';

let engine: Promise<Engine> | undefined;

/** The day rule fixtures are judged on, so that a release reaching its end of life never breaks one. */
export const TEST_TODAY = new Date('2026-11-27T12:00:00Z');

/** One engine for the whole test process (the shell parser loads once). */
export function testEngine(): Promise<Engine> {
  engine ??= Engine.create({ today: () => TEST_TODAY });
  return engine;
}

const formats = new Formats();
const noFiles: ReadFile = () => undefined;

/** A text parsed as one format, the way the engine parses a whole file. */
export function parseAs(
  format: string,
  fileName: string,
  text: string,
  readFile: ReadFile = noFiles,
  extra: { everyBoot?: boolean; ansible?: 'playbook' | 'tasks' | 'handlers' } = {},
): ProvisioningDocument {
  return formats.parse(fileName, text, { format, ...extra }, readFile);
}

export const parseCloudConfig = (text: string) => parseAs('cloud-init', 'user-data', text);
export const parseUserDataScript = (text: string, everyBoot: boolean) => parseAs('user-data-script', 'user-data', text, noFiles, { everyBoot });
export const parseDockerfile = (text: string) => parseAs('dockerfile', 'Dockerfile', text);
export const parsePlaybook = (file: string, text: string, readFile: ReadFile) => parseAs('ansible', file, text, readFile, { ansible: 'playbook' });
export const parseTasksFile = (file: string, text: string, readFile: ReadFile, phase: 'converge' | 'handler') =>
  parseAs('ansible', file, text, readFile, { ansible: phase === 'handler' ? 'handlers' : 'tasks' });

/** Applies non-overlapping edits, last first, as an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

/** A template literal without its common indentation, so fixtures read naturally in tests. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** Each finding of a text as `[rule id, the exact text it flags]`; the text must parse without problems. */
export async function flaggedText(fileName: string, text: string): Promise<string[][]> {
  const analysis = (await testEngine()).analyse(fileName, text);
  if (analysis.problems.length > 0) throw new Error(`${fileName} did not parse: ${analysis.problems.map((problem) => problem.message).join('; ')}`);
  return analysis.findings.map((finding) => [finding.ruleId, text.slice(finding.span.start, finding.span.end)]);
}

/** Every file under a folder, at any depth. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
