// Bundles the client, the server and the CLI with esbuild and puts the shell grammar's wasm next to them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeRuleDocs } from './rule-docs.mjs';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });

/**
 * The yaml parser reads process.env.LOG_TOKENS for every token; on Node that is a call into the
 * runtime each time, a quarter of the parse. Bundles read it once instead.
 */
const yamlTokenLogOnce = {
  name: 'yaml-token-log-once',
  setup(build) {
    build.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const patched = source.replace(/(node_)?process\.env\.LOG_TOKENS/g, 'LOG_TOKENS_ONCE');
      return { contents: `const LOG_TOKENS_ONCE = typeof process !== 'undefined' && !!process.env.LOG_TOKENS;\n${patched}`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { HINDSIGHT_VERSION: JSON.stringify(version) },
  // The ESM build of web-tree-sitter reads import.meta.url, which a CommonJS bundle does not have.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  plugins: [yamlTokenLogOnce],
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['bench/run.ts'], outfile: 'dist/bench.js', sourcemap: false }),
]);

copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');
copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'), 'dist/tree-sitter-terraform.wasm');
writeRuleDocs('rules', 'dist/docs');
