import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
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
