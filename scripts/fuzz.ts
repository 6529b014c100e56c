/**
 * Long fuzzing runs: `npm run fuzz -- --runs N [--seed S] [corpus-path]`. Generated documents of every
 * format, and random mutations of the corpus files when a corpus path is given. Prints the seed and
 * the first counterexample of each property that fails; exits 1 if any does.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Engine } from '../server/src/core/engine';
import { walk } from '../server/src/core/walk';
import { cloudConfig, dockerfile, mutations, playbook, shellUserData, systemdUnit, terraformUserData, trickyCloudConfig, violations } from '../test/fuzz/properties';

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.split('=')[1];
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
const runs = Number(option('runs') ?? 1000);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const corpus = args.find((arg, i) => !arg.startsWith('--') && !/^--(runs|seed)$/.test(args[i - 1] ?? ''));

async function main(): Promise<void> {
  const engine = await Engine.create();
  console.log(`fuzz: ${runs} runs per property, seed ${seed}${corpus ? `, corpus ${corpus}` : ''}`);
  const properties: [string, fc.Arbitrary<[string, string]>][] = [
    ['cloud-config', cloudConfig.map((text) => ['user-data', text])],
    ['tricky cloud-config', trickyCloudConfig.map((text) => ['user-data', text])],
    ['playbooks', playbook.map((text) => ['site.yml', text])],
    ['Dockerfiles', dockerfile.map((text) => ['Dockerfile', text])],
    ['service units', systemdUnit.map((text) => ['boot-routes.service', text])],
    ['Terraform user_data', terraformUserData.map((text) => ['main.tf', text])],
    ['shell user-data', shellUserData.map((text) => ['user-data', text])],
  ];
  if (corpus) {
    const files = walk(corpus, (relative) => engine.formats.mayHold(relative)).filter((file) => engine.parse(file, readFileSync(file, 'utf8')) !== undefined);
    console.log(`corpus: ${files.length} provisioning files to mutate`);
    properties.push(['corpus mutations', fc.constantFrom(...files).chain((file) => mutations(readFileSync(file, 'utf8')).map((text): [string, string] => [file, text]))]);
  }
  let failed = false;
  for (const [name, arbitrary] of properties) {
    const start = performance.now();
    const result = fc.check(
      fc.property(arbitrary, ([file, text]) => violations(engine, file, text).length === 0),
      { seed, numRuns: runs },
    );
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (result.failed) {
      failed = true;
      const [file, text] = result.counterexample![0];
      console.log(`FAIL ${name} after ${result.numRuns} runs (${seconds} s): ${file}\n${violations(engine, file, text).join('\n')}\n--- text ---\n${text}\n`);
    } else console.log(`ok   ${name}: ${result.numRuns} runs in ${seconds} s`);
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
