import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { commands, Uri, window, type QuickPickItem } from 'vscode';

/** The rules with a page in the docs folder: the id, and the title the page opens with. */
function rulePages(docsDir: string): QuickPickItem[] {
  return readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ label: name.slice(0, -'.md'.length), description: readFileSync(path.join(docsDir, name), 'utf8').split('\n', 1)[0].replace(/^#\s*/, '') }));
}

/** Opens a rule's page in the Markdown preview; without a rule id (from the command palette) the user picks one. */
export async function showRuleDocs(docsDir: string, ruleId?: string): Promise<void> {
  const id =
    typeof ruleId === 'string'
      ? ruleId
      : (await window.showQuickPick(rulePages(docsDir), { title: 'Hindsight: Show Rule Documentation', placeHolder: 'Rule id or title', matchOnDescription: true }))?.label;
  if (id !== undefined) await commands.executeCommand('markdown.showPreview', Uri.file(path.join(docsDir, `${id}.md`)));
}
