import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Span } from '../../model';
import type { MappedText } from '../../text/mapped-text';
import { scalarText } from '../../text/yaml-scalar';
import { spanOfNode } from '../yaml-nodes';
import { parseFreeForm } from './free-form';

/** One module argument: its value, where it is, and for strings the text mapped to the source. */
export interface ArgValue {
  value: unknown;
  span: Span;
  /** `key: value` together, when the argument was written as a mapping entry. */
  pairSpan?: Span;
  text?: MappedText;
  /** Items of a list value. */
  items?: ArgValue[];
}

/** Modules whose free-form string is one value (a command line, a task file), not `k=v` pairs. */
const RAW_PARAMS = new Set(['command', 'shell', 'raw', 'script', 'import_tasks', 'include_tasks', 'include']);

function argOf(node: unknown, source: string, fallback: Span): ArgValue {
  const span = spanOfNode(node as Node, fallback);
  if (isScalar(node)) return { value: node.value, span, text: typeof node.value === 'string' ? scalarText(node, source) : undefined };
  if (isSeq(node)) return { value: node.items.map((item) => (isScalar(item) ? item.value : undefined)), span, items: node.items.map((item) => argOf(item, source, span)) };
  if (isMap(node)) return { value: node.toJSON(), span };
  return { value: undefined, span };
}

/** A module's arguments from its mapping form, its free-form string and `args:`, merged as Ansible does. */
export class ModuleArgs {
  private readonly values = new Map<string, ArgValue>();

  constructor(module: string, moduleValue: unknown, argsNode: unknown, source: string, fallback: Span) {
    if (isScalar(moduleValue) && typeof moduleValue.value === 'string') {
      const text = scalarText(moduleValue, source);
      if (RAW_PARAMS.has(module)) {
        this.values.set('_raw_params', { value: text.text, span: text.toSource(0, text.text.length), text });
      } else {
        for (const pair of parseFreeForm(text.text)) {
          const valueText = text.slice(pair.valueSpan.start, pair.valueSpan.end);
          this.values.set(pair.key, {
            value: valueText.text,
            span: valueText.toSource(0, valueText.text.length),
            text: valueText,
            pairSpan: text.toSource(pair.span.start, pair.span.end),
          });
        }
      }
    }
    for (const node of [moduleValue, argsNode]) {
      if (!isMap(node)) continue;
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (!key) continue;
        const keySpan = spanOfNode(pair.key as Node, fallback);
        const arg = argOf(pair.value, source, keySpan);
        this.values.set(key, { ...arg, pairSpan: { start: keySpan.start, end: Math.max(keySpan.end, arg.span.end) } });
      }
    }
  }

  get(key: string): ArgValue | undefined {
    return this.values.get(key);
  }

  /** The first of several alias names that is set, as a string. */
  string(...keys: string[]): string | undefined {
    for (const key of keys) {
      const value = this.values.get(key)?.value;
      if (value !== undefined && value !== null && typeof value !== 'object') return String(value);
    }
    return undefined;
  }

  first(...keys: string[]): ArgValue | undefined {
    for (const key of keys) {
      const value = this.values.get(key);
      if (value) return value;
    }
    return undefined;
  }
}

/** Ansible's truthy spellings. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(yes|true|on|1)$/i.test(value.trim()));
}

export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(no|false|off|0)$/i.test(value.trim()));
}
