import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../core/engine';
import { isScanWorker } from '../core/scan/scan-worker';
import { HindsightServer } from './server';

// Started as a scan's worker thread, this bundle serves the scan (scan-worker); the server runs everywhere else.
if (!isScanWorker()) {
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
