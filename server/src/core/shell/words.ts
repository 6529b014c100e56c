import type { Node } from 'web-tree-sitter';

/**
 * The literal value of a shell word as the shell would pass it, for the parts that are literal:
 * quotes removed, backslash escapes resolved. Expansions are kept as written (`$HOME`), which is
 * what rules want: they compare against literals and must not guess what a variable holds.
 */
export function wordValue(node: Node): string {
  switch (node.type) {
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string':
      return node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1');
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'concatenation':
      return node.namedChildren.map((child) => (child ? wordValue(child) : '')).join('');
    case 'word':
    case 'command_name':
      if (node.type === 'command_name' && node.firstNamedChild) return wordValue(node.firstNamedChild);
      return node.text.replace(/\\(.)/g, '$1');
    default:
      return node.text;
  }
}
