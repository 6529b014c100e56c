import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';
import { hclParser, parseWithin } from '../../server/src/core/grammars';
import { applyEdits, dedent, flaggedText, testEngine } from '../helpers';

describe('Terraform', () => {
  it('is recognised by its extension', () => {
    assert.deepEqual(detectFormat('infra/main.tf', 'resource "x" "y" {}\n'), { format: 'terraform' });
    assert.equal(detectFormat('infra/main.tfvars', 'a = 1\n'), undefined);
  });

  it('lints a heredoc cloud-config in place, with ${…} and %{…} masked and ranges on the exact text', async () => {
    const text = dedent(`
      resource "aws_instance" "web" {
        user_data = <<-EOT
          #cloud-config
          package_upgrade: true
          runcmd:
          %{ if var.routes ~}
            - ip route add 10.0.0.0/8 via \${var.gateway} dev eth0
          %{ endif ~}
          %{ for name in var.extra ~}
            - echo \${name}
          %{ endfor ~}
        EOT
      }
    `);
    assert.deepEqual(await flaggedText('main.tf', text), [
      ['first-boot-package-upgrade', 'package_upgrade: true'],
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via ${var.gateway} dev eth0'],
    ]);
    const engine = await testEngine();
    const analysis = engine.analyse('main.tf', text);
    assert.deepEqual(analysis.problems, [], 'directive lines never turn the cloud-config into a parse error');
    const upgrade = analysis.findings.find((finding) => finding.ruleId === 'first-boot-package-upgrade')!;
    const [fix] = engine.fixes(analysis, upgrade);
    assert.equal(applyEdits(text, fix.edits), text.replace('package_upgrade: true', 'package_upgrade: false'), 'an in-place fix edits the .tf file');
  });

  it('reads quoted strings with escapes, GCP startup scripts (every boot) and cloudinit_config parts by content_type', async () => {
    const text = dedent(`
      resource "google_compute_instance" "vm" {
        metadata_startup_script = "#!/bin/bash\\nip route add 10.9.0.0/16 via 10.0.0.1 dev ens4\\n"
        metadata = {
          user-data = "#cloud-config\\nruncmd:\\n  - curl -fsSL https://get.docker.com | sh\\n"
        }
      }

      resource "azurerm_linux_virtual_machine" "vm" {
        custom_data = base64encode(<<-EOT
          #!/bin/bash
          ip route add 10.7.0.0/16 via 10.0.0.1 dev eth0
        EOT
        )
      }

      data "cloudinit_config" "init" {
        part {
          content_type = "text/x-shellscript"
          content      = <<EOF
      export NEEDRESTART_MODE=a
      EOF
        }
      }
    `);
    assert.deepEqual(await flaggedText('gcp.tf', text), [
      ['non-persistent-route', 'ip route add 10.9.0.0/16 via 10.0.0.1 dev ens4'],
      ['remote-script-piped-to-shell', 'curl -fsSL https://get.docker.com | sh'],
      ['non-persistent-route', 'ip route add 10.7.0.0/16 via 10.0.0.1 dev eth0'],
      ['needrestart-auto-restart', 'NEEDRESTART_MODE=a'],
    ]);
    const analysis = (await testEngine()).analyse('gcp.tf', text);
    const route = analysis.findings.find((finding) => finding.ruleId === 'non-persistent-route')!;
    assert.match(route.message, /metadata_startup_script/);
  });

  it('a .tmpl user-data whose lines are spliced in by a ${…} line parses (Packer, envsubst)', async () => {
    const text =
      '#cloud-config\nautoinstall:\n  storage:\n    config:\n      - type: disk\n${EXTRA_PARTITIONS}\n  updates: all\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\n';
    const analysis = (await testEngine()).analyse('http/user-data.tmpl', text);
    assert.deepEqual(analysis.problems, []);
    assert.deepEqual(
      analysis.findings.map((finding) => finding.ruleId),
      ['non-persistent-route'],
    );
  });

  it('leaves alone what is not user-data written in place, and says where HCL does not parse', async () => {
    const text = dedent(`
      resource "aws_instance" "web" {
        user_data = var.user_data
        tags = { Name = "ip route add 10.0.0.0/8 dev eth0" }
      }
      resource "aws_iam_policy" "p" {
        policy = <<EOF
      #!/bin/sh
      ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0
      EOF
      }
    `);
    assert.deepEqual(await flaggedText('main.tf', text), []);
    const broken = (await testEngine()).analyse('broken.tf', 'resource "aws_instance" "web" {\n  user_data = <<EOT\n');
    assert.match(broken.problems.map((problem) => problem.message).join('\n'), /HCL: syntax error/);
  });
});

describe('Terraform cloudinit_config', () => {
  it('judges the parts of one cloudinit_config as one instance: a drop-in in one part covers Tailscale in another', async () => {
    const part = (type: string, body: string) => `  part {\n    content_type = "${type}"\n    content      = <<-EOT\n${body}\n    EOT\n  }\n`;
    const dropIn = part(
      'text/cloud-config',
      [
        '      #cloud-config',
        '      write_files:',
        '        - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf',
        '          content: |',
        '            [Network]',
        '            ManageForeignRoutes=no',
        '            ManageForeignRoutingPolicyRules=no',
      ].join('\n'),
    );
    const tailscale = part('text/x-shellscript', '      #!/bin/bash\n      tailscale up --advertise-routes=10.0.0.0/24');
    const engine = await testEngine();
    const together = engine.analyse('main.tf', `data "cloudinit_config" "node" {\n${dropIn}${tailscale}}\n`);
    assert.deepEqual(
      together.findings.map((finding) => finding.ruleId),
      [],
    );
    const apart = engine.analyse('main.tf', `data "cloudinit_config" "a" {\n${dropIn}}\ndata "cloudinit_config" "b" {\n${tailscale}}\n`);
    assert.deepEqual(
      apart.findings.map((finding) => finding.ruleId),
      ['networkd-foreign-routes'],
      'parts of two configs reach two instances',
    );
  });
});

describe('Terraform in JSON syntax (.tf.json)', () => {
  it('reads user-data strings as templates, parts by content_type, and files named by "${file(…)}"', async () => {
    const text = [
      '{',
      '  "resource": {',
      '    "aws_instance": {',
      '      "web": { "user_data": "#cloud-config\\nruncmd:\\n  - ip route add 10.0.0.0/8 via ${var.gw} dev eth0\\n" },',
      '      "app": { "user_data": "${file(\\"${path.module}/boot.sh\\")}" }',
      '    }',
      '  },',
      '  "data": {',
      '    "cloudinit_config": {',
      '      "init": { "part": [ { "content_type": "text/x-shellscript", "content": "export NEEDRESTART_MODE=a\\n" } ] }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await flaggedText('main.tf.json', text), [
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via ${var.gw} dev eth0'],
      ['needrestart-auto-restart', 'NEEDRESTART_MODE=a'],
    ]);
    const doc = (await testEngine()).parse('/infra/main.tf.json', text)!;
    assert.deepEqual(
      doc.handsOver?.map((handed) => [handed.file, text.slice(handed.span.start, handed.span.end)]),
      [['/infra/boot.sh', '"${file(\\"${path.module}/boot.sh\\")}"']],
    );
  });
});

describe('Terraform JSON templates with characters outside the BMP', () => {
  it('an emoji before an interpolation does not shift the mask of the ones after it', async () => {
    const text =
      '{"resource": {"aws_instance": {"web": { "user_data": "#cloud-config\\nruncmd:\\n  - echo 🚀🚀🚀 ${var.name}\\n  - ip route add 10.0.0.0/8 via ${var.gw} dev eth0\\n" }}}}\n';
    assert.deepEqual(await flaggedText('main.tf.json', text), [['non-persistent-route', 'ip route add 10.0.0.0/8 via ${var.gw} dev eth0']]);
  });
});

describe('a parse that would take too long', () => {
  it('gives up after its budget instead of hanging (tree-sitter recovers from some garbage in quadratic time)', async () => {
    await testEngine();
    const garbage = '}{)(]["\n'.repeat(20000);
    assert.equal(parseWithin(hclParser(), garbage, 1), undefined);
    const tree = parseWithin(hclParser(), 'resource "x" "y" {}\n');
    assert.equal(tree?.rootNode.hasError, false);
    tree?.delete();
  });
});
