import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testEngine } from '../helpers';
import { cloudConfig, dockerfile, mutations, playbook, shellUserData, systemdUnit, terraformUserData, trickyCloudConfig, violations } from '../fuzz/properties';

// A short run with a fixed seed, so CI is reproducible; `npm run fuzz -- --runs N` runs long ones.
const SEED = 20261126;
const RUNS = 150;

async function holds(arbitrary: fc.Arbitrary<string>, fileName: string): Promise<void> {
  const engine = await testEngine();
  fc.assert(
    fc.property(arbitrary, (text) => {
      const broken = violations(engine, fileName, text);
      assert.deepEqual(broken, [], text);
    }),
    { seed: SEED, numRuns: RUNS },
  );
}

describe('fuzzing (seeded)', () => {
  it('generated cloud-config', () => holds(cloudConfig, 'user-data'));
  it('multi-line scalars, Jinja blocks, duplicate keys and CRLF: fixes and pragmas keep every line and command', () => holds(trickyCloudConfig, 'user-data'));
  it('generated playbooks', () => holds(playbook, 'site.yml'));
  it('generated Dockerfiles', () => holds(dockerfile, 'Dockerfile'));
  it('generated service units', () => holds(systemdUnit, 'boot-routes.service'));
  it('generated Terraform user_data', () => holds(terraformUserData, 'main.tf'));
  it('generated shell user-data', () => holds(shellUserData, 'user-data'));

  it('mutations of the project examples', async () => {
    const examples = path.resolve(__dirname, '../../examples');
    for (const name of readdirSync(examples).filter((file) => !file.startsWith('.') && !file.endsWith('.md'))) {
      const file = path.join(examples, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // a folder
      }
      await holds(mutations(text), file);
    }
  });
});
