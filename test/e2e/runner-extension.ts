import { existsSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { run } from './suite';

/** Waits for the driver to take a screenshot (it writes `<marker>.done`). */
async function pose(marker: string): Promise<void> {
  writeFileSync(marker, '');
  const start = Date.now();
  while (!existsSync(`${marker}.done`) && Date.now() - start < 60_000) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Puts the editor in the states the README shows: the hover on a finding, then the quick-fix menu. */
async function screenshots(results: string): Promise<void> {
  // The suite's messages (a scan's summary) are not part of the picture.
  await vscode.commands.executeCommand('notifications.clearAll');
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'screenshot', 'user-data');
  const editor = await vscode.window.showTextDocument(uri);
  const start = Date.now();
  let route: vscode.Diagnostic | undefined;
  while (!route && Date.now() - start < 30_000) {
    route = vscode.languages
      .getDiagnostics(uri)
      .find((diagnostic) => diagnostic.source === 'hindsight' && String((diagnostic.code as { value: string }).value) === 'non-persistent-route');
    if (!route) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!route) return;
  editor.selection = new vscode.Selection(route.range.start.translate(0, 4), route.range.start.translate(0, 4));
  await vscode.commands.executeCommand('editor.action.showHover');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await pose(`${results}.hover`);
  // Moving the cursor away and back closes the hover before the quick-fix menu opens.
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  editor.selection = new vscode.Selection(route.range.start.translate(0, 4), route.range.start.translate(0, 4));
  await vscode.commands.executeCommand('editor.action.quickFix');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await pose(`${results}.quickfix`);
}

/**
 * A tiny extension installed beside Hindsight in code-server: on start-up it runs the in-editor
 * suite inside the real extension host, then poses the editor for the README screenshots.
 */
export async function activate(): Promise<void> {
  const results = process.env.HINDSIGHT_E2E_RESULTS;
  try {
    await run();
  } catch (error) {
    // The results file carries the failures; the driver turns them into the exit code.
    console.error(error);
  }
  if (results) await screenshots(results);
  if (results) writeFileSync(`${results}.finished`, '');
}
