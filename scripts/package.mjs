// Builds the VSIX with vsce from the allow-listed files (.vscodeignore) and prints its size.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${name}-${version}.vsix`;
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
// The extension is bundled, so it ships no node_modules; README images stay relative (shipped
// inside the VSIX) because the project has no public repository URL to rewrite them to.
execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out], { stdio: 'inherit' });
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
