import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser, type ParseState, type Tree } from 'web-tree-sitter';

let shell: Parser | undefined;
let hcl: Parser | undefined;
let initialising: Promise<void> | undefined;

/**
 * Where a wasm file is: next to the bundle when running from `dist/`, else in the installed
 * package (when the sources run directly, as in the tests).
 */
function locateWasm(file: string, packageName: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', packageName, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${file} not found next to ${__dirname} or in node_modules/${packageName}`);
}

async function parserFor(wasm: string, packageName: string): Promise<Parser> {
  const created = new Parser();
  created.setLanguage(await Language.load(locateWasm(wasm, packageName)));
  return created;
}

/**
 * Loads the tree-sitter grammars once per process: bash, and Terraform's HCL. Every later parse is
 * synchronous, so linting stays synchronous on the keystroke path.
 */
export function initParsers(): Promise<void> {
  initialising ??= (async () => {
    // TurboFan recompiles the grammar's huge parse function after the first parse and holds the
    // process for about a second at exit; the baseline compiler parses as fast for our inputs.
    setFlagsFromString('--liftoff-only');
    await Parser.init({ locateFile: (file: string) => locateWasm(file, 'web-tree-sitter') });
    shell = await parserFor('tree-sitter-bash.wasm', 'tree-sitter-bash');
    hcl = await parserFor('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl');
  })();
  return initialising;
}

export function shellParser(): Parser {
  if (!shell) throw new Error('shell parser used before initParsers() resolved');
  return shell;
}

/** Terraform's dialect of HCL (a superset of plain HCL: Packer's `.pkr.hcl` parses too). */
export function hclParser(): Parser {
  if (!hcl) throw new Error('HCL parser used before initParsers() resolved');
  return hcl;
}

/** How long one parse may take: far above any real file (a 3,000-line module parses in about 40 ms). */
const PARSE_BUDGET_MS = 2000;

/**
 * A parse that gives up after the budget, undefined then: tree-sitter's error recovery can take
 * quadratic time on text that is mostly errors (320 KB of brackets took 40 s), and linting must not hang.
 */
export function parseWithin(parser: Parser, text: string, budgetMs = PARSE_BUDGET_MS): Tree | undefined {
  const deadline = performance.now() + budgetMs;
  // Returning true cancels the parse (the declared type says void).
  const cancelAfterDeadline = (() => performance.now() > deadline) as unknown as (state: ParseState) => void;
  const tree = parser.parse(text, null, { progressCallback: cancelAfterDeadline });
  // A cancelled parse would otherwise be resumed by the next call, on another text.
  if (!tree) parser.reset();
  return tree ?? undefined;
}
