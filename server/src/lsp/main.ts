import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../core/engine';
import '../core/scan/scan-worker';
import { HindsightServer } from './server';

// In a worker thread this bundle serves a workspace scan (scan-worker); the server runs on the main thread only.
if (isMainThread) {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(async (params) => {
    const server = new HindsightServer(await Engine.create(), connection, documents);
    server.listen();
    return server.initialize(params);
  });

  documents.listen(connection);
  connection.listen();
}
