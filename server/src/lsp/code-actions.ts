import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Engine } from '../core/engine';
import type { Fix, TextEdit as CoreTextEdit } from '../core/fixes/types';
import type { Finding } from '../core/finding';
import { findingRange, sameRange, SOURCE, toRange } from './convert';
import { SHOW_DOCS_COMMAND } from './hover';

export const OPEN_URL_COMMAND = 'hindsight.openUrl';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.hindsight`;

function textEdits(document: TextDocument, fix: Fix): TextEdit[] {
  return fix.edits.map((edit) => ({ range: toRange(document, edit.span), newText: edit.newText }));
}

function quickFix(document: TextDocument, fix: Fix, diagnostics: Diagnostic[], preferred = false): CodeAction {
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: preferred, edit: { changes: { [document.uri]: textEdits(document, fix) } } };
}

/** Text inserted literally by a snippet: `$`, `}` and `\` mean something there. */
function snippetLiteral(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/**
 * An ignore action whose reason is a tab stop, where the client takes snippet edits (LSP 3.18);
 * otherwise the pragma ends in `-- ` and the missing-reason hint asks for it.
 */
function ignoreAction(document: TextDocument, fix: Fix, diagnostics: Diagnostic[], snippets: boolean): CodeAction {
  if (!snippets) return quickFix(document, fix, diagnostics);
  const edits = fix.edits.map((edit) => {
    const [, pragma, eol] = /^([\s\S]*-- )(\r?\n)?$/.exec(edit.newText) ?? [];
    const value = pragma === undefined ? snippetLiteral(edit.newText) : `${snippetLiteral(pragma)}\${1:reason}${eol ?? ''}`;
    return { range: toRange(document, edit.span), snippet: { kind: 'snippet' as const, value } };
  });
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, edit: { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] } };
}

export interface CodeActionOptions {
  /** Every fix of the file applied in turn (the core pipeline's `fix`), as one edit; undefined when nothing is fixed. */
  fixAll: () => CoreTextEdit | undefined;
  /** The client takes snippet edits: the ignore actions' reason is a tab stop. */
  snippets: boolean;
  /**
   * The client resolves code actions: "Fix all" in the menu carries `data` and its edit is computed
   * only when chosen (the menu is asked for on every cursor move; fixing the whole file is not cheap).
   */
  resolveFixAll: boolean;
}

/** The `data` of a "Fix all" quick fix whose edit is computed on resolve. */
export interface FixAllData {
  fixAll: string;
}

/** The "Fix all" edit of a document, as LSP edits. */
export function fixAllEdits(document: TextDocument, fixAll: () => CoreTextEdit | undefined): TextEdit[] {
  const edit = fixAll();
  return edit ? [{ range: toRange(document, edit.span), newText: edit.newText }] : [];
}

export function codeActions(engine: Engine, document: TextDocument, analysis: Analysis, findings: Finding[], params: CodeActionParams, options: CodeActionOptions): CodeAction[] {
  // One fix computation per finding per request: each one re-parses the file to check the fix.
  const fixesOf = new Map<Finding, Fix[]>();
  const fixes = (finding: Finding): Fix[] => {
    if (!fixesOf.has(finding)) fixesOf.set(finding, engine.fixes(analysis, finding));
    return fixesOf.get(finding)!;
  };
  const doc = analysis.doc;
  if (!doc) return [];
  const only = params.context.only;
  if (only && only.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith(CodeActionKind.SourceFixAll))) {
    const edits = fixAllEdits(document, options.fixAll);
    return edits.length ? [{ title: 'Fix all Hindsight problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: edits } } }] : [];
  }
  // Enter takes the first item: it must never leave the editor. Rewrites first (the preferred one
  // leading), then suppressions and documentation; post-mortems, which open a browser, last.
  const rewrites: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const documentation: CodeAction[] = [];
  const postMortems: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const finding = findings.find((candidate) => candidate.ruleId === diagnostic.code && sameRange(findingRange(document, candidate.span), diagnostic.range));
    if (!finding) continue;
    fixes(finding).forEach((fix, index) => rewrites.push(quickFix(document, fix, [diagnostic], index === 0)));
    for (const ignore of engine.ignoreFixes(analysis, finding)) suppressions.push(ignoreAction(document, ignore, [diagnostic], options.snippets));
    const docsTitle = `Show documentation for ${finding.ruleId}`;
    documentation.push({
      title: docsTitle,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: docsTitle, command: SHOW_DOCS_COMMAND, arguments: [finding.ruleId] },
    });
    for (const incident of analysis.ruleSet.incidentsFor(finding)) {
      const title = `Open post-mortem: ${incident.organisation} ${incident.date}`;
      postMortems.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: OPEN_URL_COMMAND, arguments: [incident.url] } });
    }
  }
  // Every finding under the cursor has its documentation entry: none means there is nothing to offer.
  if (documentation.length === 0) return [];
  if (findings.filter((finding) => fixes(finding).length > 0).length > 1) {
    const title = 'Fix all Hindsight problems in this file';
    if (options.resolveFixAll) rewrites.push({ title, kind: CodeActionKind.QuickFix, data: { fixAll: document.uri } satisfies FixAllData });
    else {
      const edits = fixAllEdits(document, options.fixAll);
      if (edits.length > 0) rewrites.push({ title, kind: CodeActionKind.QuickFix, edit: { changes: { [document.uri]: edits } } });
    }
  }
  return [...rewrites, ...suppressions, ...documentation, ...postMortems];
}
