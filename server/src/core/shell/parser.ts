import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';

let parser: Parser | undefined;
let initialising: Promise<Parser> | undefined;

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

/**
 * Loads tree-sitter-bash once per process. Every later parse is synchronous, so linting stays
 * synchronous on the keystroke path.
 */
export function initShellParser(): Promise<Parser> {
  initialising ??= (async () => {
    // TurboFan recompiles the grammar's huge parse function after the first parse and holds the
    // process for about a second at exit; the baseline compiler parses as fast for our inputs.
    setFlagsFromString('--liftoff-only');
    await Parser.init({ locateFile: (file: string) => locateWasm(file, 'web-tree-sitter') });
    const bash = await Language.load(locateWasm('tree-sitter-bash.wasm', 'tree-sitter-bash'));
    const created = new Parser();
    created.setLanguage(bash);
    parser = created;
    return created;
  })();
  return initialising;
}

export function shellParser(): Parser {
  if (!parser) throw new Error('shell parser used before initShellParser() resolved');
  return parser;
}
