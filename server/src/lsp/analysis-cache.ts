import type { Analysis, DocumentHints, Engine } from '../core/engine';

interface Entry {
  version: number;
  analysis: Analysis;
}

/**
 * One analysis per document version, shared by diagnostics, code actions and hover, so a document
 * is parsed once however many features ask about it.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly engine: Engine) {}

  get(uri: string, version: number, fileName: string, text: () => string, hints: DocumentHints): Analysis {
    const cached = this.entries.get(uri);
    if (cached && cached.version === version) return cached.analysis;
    const analysis = this.engine.analyse(fileName, text(), hints);
    this.entries.set(uri, { version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
