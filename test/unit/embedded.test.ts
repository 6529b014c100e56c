import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/core/engine';
import type { FormatPlugin } from '../../server/src/core/formats/format';
import { FORMATS, Formats } from '../../server/src/core/formats/registry';
import type { ProvisioningDocument } from '../../server/src/core/model';
import { MappedText } from '../../server/src/core/text/mapped-text';
import { applyEdits, dedent } from '../helpers';

/** A double-quoted string with `\n` and `\"` escapes, decoded with the source offset of each character. */
function decodeQuoted(text: string, open: number): MappedText {
  let value = '';
  const offsets: number[] = [];
  let i = open + 1;
  while (i < text.length && text[i] !== '"') {
    offsets.push(i);
    if (text[i] === '\\') {
      value += text[i + 1] === 'n' ? '\n' : text[i + 1];
      i += 2;
    } else {
      value += text[i++];
    }
  }
  offsets.push(i);
  return MappedText.exact(value, offsets);
}

/**
 * A host format for the test, not YAML: `user_data = <<EOT … EOT` holds a document verbatim, and
 * `user_data = "…"` holds one in an escaped string. Each is handed to the cloud-init adapter.
 */
const hostFormat: FormatPlugin = {
  id: 'test-host',
  recognise: (file) => (file.relativePath.endsWith('.host') ? { format: 'test-host' } : undefined),
  mayHold: (relativePath) => relativePath.endsWith('.host'),
  parse: (source, _recognition, ctx) => {
    const text = source.text;
    const parts: ProvisioningDocument[] = [];
    const nested = [...text.matchAll(/<<NEST\n[\s\S]*?\nNEST/g)].map((match) => ({ start: match.index!, end: match.index! + match[0].length }));
    const outside = (at: number) => !nested.some((span) => span.start <= at && at < span.end);
    for (const match of text.matchAll(/<<EOT\n([\s\S]*?)\nEOT/g)) {
      if (!outside(match.index!)) continue;
      const start = match.index! + '<<EOT\n'.length;
      parts.push(ctx.embed('cloud-init', source.slice(start, start + match[1].length))!);
    }
    for (const match of text.matchAll(/= "/g)) parts.push(ctx.embed('cloud-init', decodeQuoted(text, match.index! + 2))!);
    for (const match of text.matchAll(/<<NEST\n([\s\S]*?)\nNEST/g)) {
      const start = match.index! + '<<NEST\n'.length;
      parts.push(ctx.embed('test-host', source.slice(start, start + match[1].length))!);
    }
    return { format: 'test-host', text, steps: [], problems: [], parts };
  },
};

async function hostEngine(): Promise<Engine> {
  return Engine.create({ formats: new Formats([...FORMATS, hostFormat]) });
}

describe('embedded documents', () => {
  it('a cloud-config in a heredoc of a non-YAML host is linted by the cloud-init adapter, with ranges in the host', async () => {
    const engine = await hostEngine();
    const host = dedent(`
      resource "instance" "web" {
        user_data = <<EOT
      #cloud-config
      package_upgrade: true
      runcmd:
        - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0
      EOT
      }
    `);
    const analysis = engine.analyse('infra/main.host', host);
    const flagged = analysis.findings.map((finding) => [finding.ruleId, host.slice(finding.span.start, finding.span.end)]);
    assert.deepEqual(flagged, [
      ['first-boot-package-upgrade', 'package_upgrade: true'],
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0'],
    ]);
    const upgrade = analysis.findings.find((finding) => finding.ruleId === 'first-boot-package-upgrade')!;
    const [fix] = engine.fixes(analysis, upgrade);
    assert.equal(applyEdits(host, fix.edits), host.replace('package_upgrade: true', 'package_upgrade: false'));
    const route = analysis.findings.find((finding) => finding.ruleId === 'non-persistent-route')!;
    assert.deepEqual(engine.fixes(analysis, route), [], 'a structural fix is never offered inside another file');
  });

  it('a cloud-config in an escaped string maps every character back to the host', async () => {
    const engine = await hostEngine();
    const host = 'user_data = "#cloud-config\\nruncmd:\\n  - \\"curl -fsSL https://get.example.com | sh\\"\\n"\n';
    const analysis = engine.analyse('main.host', host);
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, host.slice(finding.span.start, finding.span.end)]),
      [['remote-script-piped-to-shell', 'curl -fsSL https://get.example.com | sh']],
    );
  });

  it('an embedded host that embeds a document in turn: each span is mapped once', async () => {
    const engine = await hostEngine();
    const host = 'outer = <<NEST\ninner = <<EOT\n#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\nEOT\nNEST\n';
    const analysis = engine.analyse('main.host', host);
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, host.slice(finding.span.start, finding.span.end)]),
      [['non-persistent-route', 'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0']],
    );
  });

  it('write_files content is an embedded script: its commands land on the written lines', async () => {
    const engine = await hostEngine();
    const text = '#cloud-config\nwrite_files:\n  - path: /etc/rc.local\n    content: |\n      #!/bin/sh\n      ip route add 10.0.0.0/8 via 10.1.1.1\n';
    const analysis = engine.analyse('user-data', text);
    assert.deepEqual(
      analysis.findings.map((finding) => text.slice(finding.span.start, finding.span.end)),
      ['ip route add 10.0.0.0/8 via 10.1.1.1'],
    );
  });
});
