import * as path from 'node:path';
import { commands, env, ExtensionContext, Uri, window, workspace } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Languages a provisioning file may be opened as; the server decides by content what it reads. */
const LANGUAGES = ['yaml', 'ansible', 'dockerfile', 'shellscript', 'plaintext'];

/** Files whose changes matter to the workspace scan and to configs. */
const WATCHED = '**/{*.yml,*.yaml,*.txt,*.cfg,*.sh,*.tmpl,*.j2,*.conf,*.Dockerfile,*.containerfile,Dockerfile*,Containerfile*,user-data*,.hindsight.yaml,.hindsight.yml}';

function createClient(context: ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannelName: 'Hindsight',
    // Hover links run the documentation command.
    markdown: { isTrusted: { enabledCommands: ['hindsight.showRuleDocs'] } },
    synchronize: { fileEvents: workspace.createFileSystemWatcher(WATCHED) },
    initializationOptions: { trusted: workspace.isTrusted },
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
    commands.registerCommand('hindsight.showRuleDocs', (ruleId: string) =>
      commands.executeCommand('markdown.showPreview', Uri.file(context.asAbsolutePath(path.join('dist', 'docs', 'rules', `${ruleId}.md`)))),
    ),
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
