import type { Pipeline, ReportedOutcome } from '../core/pipeline';
import { printable, shown, type FileNote } from './report';

/** What a scan made of a file: the format it was read as and why, or why it was not read. */
function describe(outcome: ReportedOutcome, readers: string[]): string {
  switch (outcome.kind) {
    case 'linted': {
      const recognition = outcome.analysis.source?.recognition;
      const named = readers.length > 0 ? `; run or handed over by ${readers.map(shown).join(', ')}` : '';
      return recognition
        ? `${recognition.format}${recognition.imageBuild ? ', image build' : ''} (${recognition.by ?? 'recognised'}${named})`
        : 'not read (no format recognises it)';
    }
    case 'skipped':
      return `skipped (${outcome.reason})`;
    case 'ignored':
      return `ignored (by ${outcome.config ? shown(outcome.config.file) : 'the configuration'})`;
    case 'unreadable':
      return `unreadable (${outcome.error.message})`;
  }
}

/**
 * `--list-files`: every file the scan looked at, with the kind it was read as and why (content,
 * name, another file that runs or hands it over), and the files it did not read and why. Files
 * that no format could hold by their name are not walked and not listed.
 */
export async function listFiles(pipeline: Pipeline, files: string[], unlisted: FileNote[], out: (text: string) => void): Promise<number> {
  const lines = unlisted.map((note) => printable(`${note.file}: ${note.message}`));
  await pipeline.scan(
    files.map((file) => ({ file })),
    (outcome) => lines.push(printable(`${shown(outcome.file)}: ${describe(outcome, pipeline.readersOf(outcome.file))}`)),
  );
  // A file read again once another file said what it is appears with its final reading.
  const last = new Map(lines.map((line) => [line.slice(0, line.indexOf(': ')), line]));
  out(`${[...last.values()].sort().join('\n')}\n`);
  return unlisted.length > 0 ? 2 : 0;
}
