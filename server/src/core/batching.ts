/** How an Ansible play rolls out: in batches, every host at once, or by a template Hindsight cannot evaluate. */
export type Batching = { kind: 'batched' } | { kind: 'all-at-once'; why: string } | { kind: 'unknown'; why: string };

/** A batch size as Ansible reads it: 0 and 0% or 100% and more are every host at once. */
function batchSize(value: string): 'batched' | 'all-at-once' | undefined {
  const number = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!number) return undefined;
  const size = Number(number[1]);
  return size === 0 || (number[2] === '%' && size >= 100) ? 'all-at-once' : 'batched';
}

/** What a play's `serial` means: batches, every host at once, or a template Hindsight cannot evaluate. */
export function batching(serial: string | undefined): Batching {
  if (serial === undefined) return { kind: 'all-at-once', why: 'with no serial' };
  const template = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(serial);
  if (template) {
    const fallback = /default\(\s*(['"]?)([^'")]*)\1/.exec(template[1]);
    if (!fallback) return { kind: 'unknown', why: `with serial ${JSON.stringify(serial)}, a template Hindsight cannot evaluate; if it comes to 0 or 100%` };
    return batchSize(fallback[2]) === 'all-at-once'
      ? { kind: 'all-at-once', why: `with serial ${JSON.stringify(serial)}, which defaults to all hosts at once` }
      : { kind: 'batched' };
  }
  if (batchSize(serial) === 'all-at-once') return { kind: 'all-at-once', why: `with serial ${JSON.stringify(serial)}, which is all hosts at once` };
  return { kind: 'batched' };
}
