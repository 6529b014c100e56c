import * as path from 'node:path';
import { commands, env, ExtensionContext, Uri, window, workspace } from 'vscode';
import { showRuleDocs } from './rule-docs';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/**
 * Every document and every file change goes to the server, whatever its language: the server's
 * format plug-ins decide by content and name what they read, so a new format needs nothing here.
 */
const DOCUMENTS = [{ scheme: 'file' }, { scheme: 'untitled' }];
const WATCHED = '**/*';

/** Restarts allowed within the window before the client stops trying (a crash loop helps nobody). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;
const restarts: number[] = [];

/** The server is restarted when it dies, and the user is told each time. */
const errorHandler: ErrorHandler = {
  error: () => ({ action: ErrorAction.Continue }),
  closed: () => {
    const now = Date.now();
    while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      void window.showErrorMessage(
        'Hindsight: the language server keeps stopping; it was not restarted again. See the Hindsight output, then run "Hindsight: Restart Language Server".',
      );
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    restarts.push(now);
    void window.showWarningMessage('Hindsight: the language server stopped unexpectedly and was restarted.');
    return { action: CloseAction.Restart, handled: true };
  },
};

function createClient(context: ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    outputChannelName: 'Hindsight',
    // Hover links run the documentation command.
    markdown: { isTrusted: { enabledCommands: ['hindsight.showRuleDocs'] } },
    synchronize: { fileEvents: workspace.createFileSystemWatcher(WATCHED) },
    initializationOptions: { trusted: workspace.isTrusted },
    errorHandler,
  };
  return new LanguageClient('hindsight', 'Hindsight', serverOptions, clientOptions);
}

async function start(context: ExtensionContext): Promise<void> {
  if (!workspace.getConfiguration('hindsight').get<boolean>('enable', true)) return;
  client = createClient(context);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

async function restart(context: ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('hindsight.openUrl', (url: string) => env.openExternal(Uri.parse(url))),
    commands.registerCommand('hindsight.showRuleDocs', (ruleId?: string) => showRuleDocs(context.asAbsolutePath(path.join('dist', 'docs', 'rules')), ruleId)),
    commands.registerCommand('hindsight.restartServer', async () => {
      await restart(context);
      void window.setStatusBarMessage('Hindsight: language server restarted', 3000);
    }),
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('hindsight.enable')) await restart(context);
    }),
    // Rule folders from the workspace are loaded only once it is trusted.
    workspace.onDidGrantWorkspaceTrust(() => restart(context)),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
