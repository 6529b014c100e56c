import { isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ParseProblem, ProvisioningDocument, Span, Step } from '../model';
import type { ParseContext } from '../formats/format';
import { MappedText } from '../text/mapped-text';
import { commandFromArgv, parseScript } from '../shell/commands';
import { parseDebconfLines } from './command-interpretation';
import { maskJinja, wholeLineExpressions } from '../text/jinja';
import { scalarText } from '../text/yaml-scalar';
import { commandSteps } from './command-steps';
import { fileWriteSteps } from './file-write';
import { findPair, mapPairs, parseYamlSource, scalarString, seqItems, spanOfNode, spanOfPair, yamlProblems } from './yaml-nodes';

/**
 * Order of cloud-init's modules at boot: bootcmd and write_files in the init stage, apt and snap
 * in the config stage, packages and the runcmd script in the final stage, deferred writes last.
 */
const STAGE = { bootcmd: 1, write_files: 2, ca_certs: 3, apt: 4, snap: 5, packages: 6, runcmd: 7, deferred_write_files: 8 } as const;
const ORDER_STRIDE = 100_000;

const SETTING_ALIASES = new Map([
  ['package_update', 'package_update'],
  ['apt_update', 'package_update'],
  ['package_upgrade', 'package_upgrade'],
  ['apt_upgrade', 'package_upgrade'],
  ['package_reboot_if_required', 'package_reboot_if_required'],
  ['apt_reboot_if_required', 'package_reboot_if_required'],
]);

interface Context {
  source: string;
  embed: ParseContext['embed'];
  steps: Step[];
  problems: ParseProblem[];
  whole: Span;
}

function nodeText(ctx: Context, node: unknown): MappedText | undefined {
  return isScalar(node) ? scalarText(node, ctx.source) : undefined;
}

/** `runcmd`/`bootcmd`/`snap.commands`: a list of strings (shell) or lists (argv), or one string. */
function addCommands(ctx: Context, node: unknown, phase: 'first-boot' | 'every-boot', stage: number, name: string): void {
  const items = isSeq(node) ? node.items : isScalar(node) ? [node] : mapPairs(node).map((pair) => pair.value);
  items.forEach((item, index) => {
    const span = spanOfNode(item as Node, ctx.whole);
    const order = stage * ORDER_STRIDE + index;
    const origin = `${name}[${index}]`;
    if (isScalar(item)) {
      const text = nodeText(ctx, item);
      if (text && typeof item.value === 'string') ctx.steps.push(...commandSteps(parseScript(text), phase, order, origin, span));
    } else if (isSeq(item)) {
      const words = item.items.flatMap((word) => {
        const text = nodeText(ctx, word);
        return text ? [{ value: text.text, text, span: spanOfNode(word as Node, span) }] : [];
      });
      const command = words.length > 0 ? commandFromArgv(words, span) : undefined;
      if (command) ctx.steps.push(...commandSteps([command], phase, order, origin, span));
    }
  });
}

function addWriteFiles(ctx: Context, node: unknown): void {
  seqItems(node).forEach((item, index) => {
    const path = findPair(item, 'path');
    const pathValue = scalarString(path?.value);
    if (!path || !pathValue) return;
    const deferred = scalarString(findPair(item, 'defer')?.value) === 'true';
    const content = findPair(item, 'content')?.value;
    ctx.steps.push(
      ...fileWriteSteps(
        {
          path: pathValue,
          pathSpan: spanOfNode(path.value as Node, ctx.whole),
          content: nodeText(ctx, content),
          encoding: scalarString(findPair(item, 'encoding')?.value),
          mode: scalarString(findPair(item, 'permissions')?.value),
          append: scalarString(findPair(item, 'append')?.value) === 'true',
          span: spanOfNode(item as Node, ctx.whole),
          order: (deferred ? STAGE.deferred_write_files : STAGE.write_files) * ORDER_STRIDE + index,
          origin: `write_files[${index}]`,
        },
        ctx.problems,
        ctx.embed,
      ),
    );
  });
}

/** Where cc_ca_certs writes the n-th trusted certificate it is given (from 1), on Debian and Ubuntu. */
const caCertFile = (n: number) => `/usr/local/share/ca-certificates/cloud-init-ca-cert-${n}.crt`;

/** `ca_certs: trusted: [PEM, …]`: certificates cloud-init installs in the system trust store, a file each. */
function addCaCerts(ctx: Context, pair: Pair): void {
  const trusted = findPair(pair.value, 'trusted');
  const certificates = isSeq(trusted?.value) ? seqItems(trusted!.value) : trusted ? [trusted.value] : [];
  certificates.forEach((certificate, index) => {
    const content = nodeText(ctx, certificate);
    if (!content) return;
    ctx.steps.push(
      ...fileWriteSteps(
        {
          path: caCertFile(index + 1),
          pathSpan: spanOfNode(pair.key as Node, ctx.whole),
          content,
          append: false,
          span: spanOfNode(certificate as Node, ctx.whole),
          order: STAGE.ca_certs * ORDER_STRIDE + index,
          origin: `${scalarString(pair.key)}.trusted[${index}]`,
        },
        ctx.problems,
        ctx.embed,
      ),
    );
  });
}

/** `packages: [name, [name, version], "name=version"]`. */
function addPackages(ctx: Context, node: unknown, pair: Pair): void {
  const packages = seqItems(node).flatMap((item) => {
    const span = spanOfNode(item as Node, ctx.whole);
    if (isSeq(item)) {
      const name = scalarString(item.items[0]);
      return name ? [{ name, version: scalarString(item.items[1]), span }] : [];
    }
    const text = scalarString(item);
    if (!text) return [];
    const [name, version] = text.split('=');
    return [{ name, version, span }];
  });
  if (packages.length === 0) return;
  ctx.steps.push({
    kind: 'package',
    manager: 'system',
    action: 'install',
    packages,
    phase: 'first-boot',
    span: spanOfPair(pair, ctx.whole),
    order: STAGE.packages * ORDER_STRIDE + 1,
    origin: 'packages',
  });
}

/**
 * `wireguard: interfaces: [{name, config_path, content}]`: cc_wireguard installs wireguard-tools
 * and brings each interface up with `wg-quick@<name>`, which installs routes and policy rules of its own.
 */
function addWireguard(ctx: Context, node: unknown, pair: Pair): void {
  const interfaces = seqItems(findPair(node, 'interfaces')?.value);
  if (interfaces.length === 0) return;
  const span = spanOfNode(pair.key as Node, ctx.whole);
  const at = { phase: 'first-boot' as const, order: STAGE.packages * ORDER_STRIDE + 2, origin: 'wireguard' };
  ctx.steps.push({ kind: 'package', manager: 'system', action: 'install', packages: [{ name: 'wireguard-tools', span }], span, ...at });
  for (const item of interfaces) {
    const name = scalarString(findPair(item, 'name')?.value);
    if (name) ctx.steps.push({ kind: 'service', unit: `wg-quick@${name}.service`, action: 'restart', span: spanOfNode(item as Node, ctx.whole), ...at });
  }
}

/** `debconf_selections` as a block of lines or a map of named blocks. */
function addDebconf(ctx: Context, node: unknown): void {
  const blocks = isScalar(node) ? [node] : mapPairs(node).map((pair) => pair.value);
  blocks.forEach((block, index) => {
    const text = nodeText(ctx, block);
    if (!text) return;
    let lineStart = 0;
    for (const line of text.text.split('\n')) {
      const [parsed] = parseDebconfLines(line);
      if (parsed) {
        const span = text.toSource(lineStart, lineStart + line.length);
        const valueAt = line.lastIndexOf(parsed.value);
        const valueSpan = text.toSource(lineStart + valueAt, lineStart + valueAt + parsed.value.length);
        ctx.steps.push({ kind: 'debconf', ...parsed, span, valueSpan, phase: 'first-boot', order: STAGE.apt * ORDER_STRIDE + index, origin: 'debconf_selections' });
      }
      lineStart += line.length + 1;
    }
  });
}

function addSetting(ctx: Context, pair: Pair, key: string): void {
  const valueNode = pair.value as Node;
  const keySpan = spanOfNode(pair.key as Node, ctx.whole);
  ctx.steps.push({
    kind: 'setting',
    key,
    value: isScalar(valueNode) ? valueNode.value : undefined,
    keySpan,
    valueSpan: spanOfNode(valueNode, keySpan),
    span: spanOfPair(pair, ctx.whole),
    phase: 'first-boot',
    order: STAGE.packages * ORDER_STRIDE,
    origin: key,
  });
}

/**
 * `apt: sources:` entries, read as the commands they stand for: the `source` line as
 * `add-apt-repository <line>`, a `keyserver` as `gpg --keyserver <server>` (cloud-init fetches the key
 * itself), each value kept where it is written.
 */
function addAptSources(ctx: Context, node: unknown): void {
  mapPairs(node).forEach((pair, index) => {
    const span = spanOfPair(pair, ctx.whole);
    const origin = `apt.sources.${scalarString(pair.key) ?? index}`;
    for (const [stands, key] of [
      [['add-apt-repository'], 'source'],
      [['gpg', '--keyserver'], 'keyserver'],
    ] as const) {
      const value = findPair(pair.value, key)?.value;
      const text = nodeText(ctx, value);
      if (!text) continue;
      const words = [
        ...stands.map((written) => ({ value: written, text: MappedText.opaque(written, span), span })),
        { value: text.text, text, span: spanOfNode(value as Node, span) },
      ];
      const command = commandFromArgv(words, span);
      if (command) ctx.steps.push(...commandSteps([command], 'first-boot', STAGE.apt * ORDER_STRIDE + index, origin, span));
    }
  });
}

/** `apt:` — its debconf selections, its sources and the free-form `conf:` that cloud-init writes to apt.conf.d. */
function addApt(ctx: Context, node: unknown): void {
  addAptSources(ctx, findPair(node, 'sources')?.value);
  const debconf = findPair(node, 'debconf_selections');
  if (debconf) addDebconf(ctx, debconf.value);
  const conf = findPair(node, 'conf');
  const text = nodeText(ctx, conf?.value);
  if (conf && text) {
    ctx.steps.push(
      ...fileWriteSteps(
        {
          path: '/etc/apt/apt.conf.d/94cloud-init-config',
          pathSpan: spanOfNode(conf.key as Node, ctx.whole),
          content: text,
          append: false,
          span: spanOfPair(conf, ctx.whole),
          order: STAGE.apt * ORDER_STRIDE,
          origin: 'apt.conf',
        },
        ctx.problems,
        ctx.embed,
      ),
    );
  }
}

/** cloud-config user-data → the provisioning model. */
export function parseCloudConfig(text: string, embed: ParseContext['embed']): ProvisioningDocument {
  // Jinja is masked with same-length filler so YAML sees what cloud-init renders and offsets hold.
  const source = maskJinja(text.replace(/^\uFEFF/, ' '));
  const ctx: Context = { source, embed, steps: [], problems: [], whole: { start: 0, end: text.length } };
  const parsed = parseYamlSource(source);
  ctx.problems.push(...yamlProblems(parsed, 'cloud-init'));
  for (const pair of mapPairs(parsed.contents)) {
    const key = scalarString(pair.key);
    if (!key) continue;
    const value = pair.value;
    if (key === 'runcmd') addCommands(ctx, value, 'first-boot', STAGE.runcmd, key);
    else if (key === 'bootcmd') addCommands(ctx, value, 'every-boot', STAGE.bootcmd, key);
    else if (key === 'write_files') addWriteFiles(ctx, value);
    else if (key === 'packages') addPackages(ctx, value, pair);
    else if (key === 'debconf_selections') addDebconf(ctx, value);
    else if (key === 'apt') addApt(ctx, value);
    else if (key === 'ca_certs' || key === 'ca-certs') addCaCerts(ctx, pair);
    else if (key === 'wireguard') addWireguard(ctx, value, pair);
    else if (key === 'snap') addCommands(ctx, findPair(value, 'commands')?.value, 'first-boot', STAGE.snap, 'snap.commands');
    else if (SETTING_ALIASES.has(key)) addSetting(ctx, pair, SETTING_ALIASES.get(key)!);
  }
  ctx.steps.sort((a, b) => a.order - b.order);
  // Lines a template fills in are not known until it is rendered: said, not guessed.
  const filled = wholeLineExpressions(text).map((span) => ({
    message: `${text.slice(span.start, span.end)} fills in this line when the template is rendered; what it renders is not read`,
    span,
  }));
  return { format: 'cloud-init', text, steps: ctx.steps, problems: ctx.problems, ...(filled.length > 0 ? { notices: filled } : {}) };
}
