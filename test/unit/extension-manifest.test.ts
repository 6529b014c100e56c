import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_SCHEMA, MANIFEST, ruleProperties } from '../../scripts/rule-id-schemas';
import { filesUnder } from '../helpers';

const root = path.resolve(__dirname, '../..');

describe('the extension runs where the workspace is', () => {
  it('is a workspace extension (Remote-SSH, WSL, dev containers) and ships no native binaries, only JavaScript and WebAssembly', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { extensionKind: string[] };
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    const native = filesUnder(path.join(root, 'dist')).filter((file) => /\.(node|so|dylib|dll|exe)$/.test(file));
    assert.deepEqual(native, []);
  });
});

describe('the settings and the config schema list the rules', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const settings = manifest.contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string; properties?: object }>;

  it('hindsight.rules and the config schema name every rule with its severities (node --import tsx scripts/rule-id-schemas.ts writes them)', () => {
    assert.deepEqual(settings['hindsight.rules'].properties, ruleProperties('markdownDescription'));
    assert.deepEqual(JSON.parse(readFileSync(CONFIG_SCHEMA, 'utf8')).properties.rules.properties, ruleProperties('description'));
  });

  it('a setting whose description has Markdown in it is described in Markdown', () => {
    const plain = Object.entries(settings).filter(([, setting]) => setting.description?.includes('`'));
    assert.deepEqual(
      plain.map(([name]) => name),
      [],
    );
  });
});
