import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../core/engine';
import { HindsightServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(async (params) => {
  const server = new HindsightServer(await Engine.create(), connection, documents);
  server.listen();
  return server.initialize(params);
});

documents.listen(connection);
connection.listen();
