import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  ErrorCodes,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ResponseError,
  ShowMessageNotification,
  ShowMessageRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = path.resolve(__dirname, '../..');

export interface SessionOptions {
  workspace: string;
  /** The client takes snippet edits in workspace edits (LSP 3.18). */
  snippets?: boolean;
  /** The client resolves a code action's edit when it is chosen. */
  resolvesEdits?: boolean;
  /** Several workspace folders; `workspace` alone when absent. */
  folders?: string[];
  trusted?: boolean;
  /** What `workspace/configuration` answers, by section (`hindsight`, `files.exclude`). */
  settings?: Record<string, unknown>;
  /** A client that never answers configuration and progress requests, or answers them with an error. */
  unhelpful?: 'silent' | 'error';
}

/** A language server over stdio with a client that answers configuration and progress requests. */
export class LspSession {
  readonly connection: ProtocolConnection;
  private readonly server: ChildProcess;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: { token: string | number; value: { kind: string; message?: string; percentage?: number } }[] = [];
  /** What the server told the user (message boxes) and wrote to its log, in order. */
  readonly messages: { shown: boolean; message: string }[] = [];
  settings: Record<string, unknown>;
  private waiters: (() => void)[] = [];

  constructor(readonly options: SessionOptions) {
    this.settings = options.settings ?? {};
    this.server = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.wake();
    });
    const unhelpful = <T>(answer: () => T): (() => T | Promise<T>) => {
      if (options.unhelpful === 'silent') return () => new Promise<T>(() => undefined);
      if (options.unhelpful === 'error') return () => Promise.reject(new ResponseError(ErrorCodes.InternalError, 'not today'));
      return answer;
    };
    this.connection.onRequest(ConfigurationRequest.type, (params) => unhelpful(() => params.items.map((item) => this.settings[item.section ?? ''] ?? {}))());
    this.connection.onRequest(
      WorkDoneProgressCreateRequest.type,
      unhelpful(() => undefined),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(ShowMessageRequest.type, (params) => {
      this.messages.push({ shown: true, message: params.message });
      return null;
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push({ shown: true, message: params.message });
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.messages.push({ shown: false, message: params.message });
    });
    this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
      this.progress.push(params as LspSession['progress'][number]);
      this.wake();
    });
    this.connection.listen();
  }

  private wake(): void {
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves when `condition` holds, re-checked on every message; never sleeps a fixed time. */
  until<T>(condition: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const check = () => {
        const value = condition();
        if (value !== undefined) resolve(value);
        else this.waiters.push(check);
      };
      check();
    });
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { snippetEditSupport: this.options.snippets ?? false } },
        window: { workDoneProgress: true },
        ...(this.options.resolvesEdits ? { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } } : {}),
      },
      workspaceFolders: (this.options.folders ?? [this.options.workspace]).map((folder, i) => ({ uri: uri(folder), name: `ws${i}` })),
      initializationOptions: { trusted: this.options.trusted ?? true },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** The newest diagnostics published for a file, once at least `count` publications exist for it. */
  diagnostics(file: string, count = 1) {
    return this.until(() => {
      const all = this.published.filter((params) => params.uri === uri(file));
      return all.length >= count ? all[all.length - 1].diagnostics : undefined;
    });
  }

  dispose(): void {
    this.connection.dispose();
    this.server.kill();
  }

  /** Sends SIGTERM and resolves with the signal or code the server ended with. */
  terminate(): Promise<NodeJS.Signals | number | null> {
    return new Promise((resolve) => {
      this.server.once('exit', (code, signal) => resolve(signal ?? code));
      this.connection.dispose();
      this.server.kill('SIGTERM');
    });
  }
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}
