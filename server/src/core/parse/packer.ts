import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ParseContext } from '../formats/format';
import { hclParser, parseWithin } from '../grammars';
import type { HandedFile, ParseProblem, ProvisioningDocument, Span, Step } from '../model';
import type { MappedText } from '../text/mapped-text';
import { scalarText } from '../text/yaml-scalar';
import { installedPath } from './file-kinds';
import { fileWriteSteps } from './file-write';
import { blocks, bodyOf, entries, labels, literalPath, literalText, namedKids, syntaxProblems } from './hcl';
import { findPair, parseYamlSource, scalarString, yamlProblems } from './yaml-nodes';

/** One provisioner of a Packer build, whichever syntax it is written in. */
interface Provisioner {
  type: string;
  /** `inline` commands, each a line of the script Packer runs. */
  inline: MappedText[];
  /** `script`/`scripts`, and an Ansible provisioner's `playbook_file`, resolved from the template's folder. */
  files: { file: string; span: Span }[];
  /** A `file` provisioner's `source` (resolved) and `destination` on the build machine, when both are literal. */
  upload?: { source: string; destination: string; span: Span };
  span: Span;
}

/** Provisioners that run on the machine the image is made from (not `shell-local`, which runs where Packer does). */
const SHELL = new Set(['shell']);
const ANSIBLE = new Set(['ansible', 'ansible-local']);

/** HCL2 (`.pkr.hcl`): `provisioner "shell" { … }` blocks of every `build` block. */
function hclProvisioners(text: string, dir: string, problems: ParseProblem[]): Provisioner[] {
  const tree = parseWithin(hclParser(), text);
  if (!tree) {
    problems.push({ message: 'HCL: the parser gave up on this file (too broken to read in time)', span: { start: 0, end: 0 } });
    return [];
  }
  try {
    problems.push(...syntaxProblems(tree.rootNode));
    const builds = blocks(bodyOf(tree.rootNode)).filter((block) => block.child(0)?.text === 'build');
    return builds.flatMap((build) =>
      blocks(bodyOf(build))
        .filter((block) => block.child(0)?.text === 'provisioner')
        .map((block) => {
          const fields = entries(bodyOf(block) ?? block);
          const items = (name: string): SyntaxNode[] => {
            const value = fields.find((field) => field.name === name)?.value;
            const tuple = value?.descendantsOfType('tuple')[0];
            return tuple ? namedKids(tuple).filter((node) => node.type === 'expression') : value ? [value] : [];
          };
          const files = ['script', 'scripts', 'playbook_file'].flatMap(items).flatMap((node) => {
            const file = literalPath(node, dir);
            return file ? [{ file, span: { start: node.startIndex, end: node.endIndex } }] : [];
          });
          const [source] = items('source');
          const [destination] = items('destination');
          const from = source && literalPath(source, dir);
          const to = destination && literalText(text, destination)?.text;
          return {
            type: labels(block)[0] ?? '',
            inline: items('inline').flatMap((node) => literalText(text, node) ?? []),
            files,
            ...(from && to ? { upload: { source: from, destination: to, span: { start: destination.startIndex, end: destination.endIndex } } } : {}),
            span: { start: block.startIndex, end: block.endIndex },
          };
        }),
    );
  } finally {
    tree.delete();
  }
}

/** Legacy JSON templates: the top-level `provisioners` list. */
function jsonProvisioners(text: string, dir: string, problems: ParseProblem[]): Provisioner[] {
  const parsed = parseYamlSource(text);
  problems.push(...yamlProblems(parsed, 'Packer'));
  const list = findPair(parsed.contents, 'provisioners')?.value;
  return (isSeq(list) ? list.items : []).filter(isMap).map((item) => {
    const strings = (name: string): Scalar[] => {
      const value = findPair(item, name)?.value;
      return (isSeq(value) ? value.items : [value]).filter((node): node is Scalar => isScalar(node) && typeof node.value === 'string');
    };
    const files = ['script', 'scripts', 'playbook_file'].flatMap(strings).map((node) => ({
      file: path.resolve(dir, String(node.value).replace(/^\{\{\s*template_dir\s*\}\}\//, '')),
      span: { start: node.range![0], end: node.range![1] },
    }));
    const [source] = strings('source');
    const [destination] = strings('destination');
    const upload =
      source && destination && !String(source.value).includes('{{') && !String(destination.value).includes('{{')
        ? { source: path.resolve(dir, String(source.value)), destination: String(destination.value), span: { start: destination.range![0], end: destination.range![1] } }
        : undefined;
    return {
      type: scalarString(findPair(item, 'type')?.value) ?? '',
      inline: strings('inline').map((node) => scalarText(node, text)),
      files: files.filter((entry) => !entry.file.includes('{{')),
      ...(upload ? { upload } : {}),
      span: { start: item.range![0], end: item.range![1] },
    };
  });
}

/** A legacy JSON file is a Packer template when its top level has `builders` and `provisioners`. */
export function isPackerJson(text: string): boolean {
  return /"builders"\s*:/.test(text) && /"provisioners"\s*:/.test(text);
}

/** How far up Packer's working directory may be from the template (`packer build app/template.json` from the repository root). */
const MAX_LEVELS_UP = 3;

/**
 * A path Packer resolves from its working directory: the template's folder, or a folder above it
 * where the named file exists. Undefined when it is nowhere.
 */
function locate(file: string, dir: string, readFile: ParseContext['readFile']): string | undefined {
  const relative = path.relative(dir, file);
  let folder = dir;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = path.resolve(folder, relative);
    if (readFile(candidate) !== undefined) return candidate;
    folder = path.dirname(folder);
  }
  return undefined;
}

/**
 * A Packer template → what its build runs on the machine the image is made from, in the
 * image-build phase: `shell` provisioners' inline lines (each parsed as a command, with ranges in
 * this file), and the scripts and playbooks they name, handed over to be read as image-build steps.
 * What the build leaves in the image (unattended upgrades switched on) runs on every instance.
 */
export function parsePacker(text: string, json: boolean, ctx: ParseContext): ProvisioningDocument {
  const problems: ParseProblem[] = [];
  const dir = path.dirname(ctx.file);
  const provisioners = json ? jsonProvisioners(text, dir, problems) : hclProvisioners(text, dir, problems);
  const steps: Step[] = [];
  const handsOver: HandedFile[] = [];
  let order = 0;
  for (const provisioner of provisioners) {
    if (SHELL.has(provisioner.type)) {
      for (const line of provisioner.inline) {
        const placement = { phase: 'image-build' as const, order: order++, origin: 'Packer shell provisioner', span: line.toSource(0, line.text.length) };
        steps.push(...(ctx.embed('user-data-script', line, placement)?.steps ?? []));
      }
    }
    // A file uploaded into the image is installed on every instance made from it: read as what its path there holds.
    const upload = provisioner.type === 'file' ? provisioner.upload : undefined;
    const uploaded = upload && locate(upload.source, dir, ctx.readFile);
    if (upload && uploaded) {
      const installedAt = installedPath(upload.destination, uploaded);
      const write = { path: installedAt, pathSpan: upload.span, append: false, span: provisioner.span, order: order++, origin: 'Packer file provisioner', installedFrom: uploaded };
      steps.push(...fileWriteSteps(write, problems, ctx.embed));
    }
    for (const named of provisioner.files) {
      const file = locate(named.file, dir, ctx.readFile);
      if (!file) continue;
      const { span } = named;
      if (SHELL.has(provisioner.type))
        handsOver.push({ file, span, note: 'runs in a Packer shell provisioner while the image is built', readAs: { format: 'image-build-script' } });
      else if (ANSIBLE.has(provisioner.type))
        handsOver.push({ file, span, note: 'runs in a Packer Ansible provisioner while the image is built', readAs: { format: 'ansible', imageBuild: true } });
    }
  }
  return { format: 'packer', text, steps, problems, handsOver };
}
