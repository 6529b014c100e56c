import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';
import { dedent, flaggedText } from '../helpers';

describe('CloudFormation', () => {
  it('is recognised by its format version or its AWS:: resources, in YAML and JSON', () => {
    assert.deepEqual(detectFormat('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'), { format: 'cloudformation' });
    assert.deepEqual(detectFormat('stack.json', '{\n  "Resources": {\n    "Web": { "Type": "AWS::EC2::Instance" }\n  }\n}\n'), { format: 'cloudformation' });
    assert.equal(detectFormat('package.json', '{ "name": "x" }\n'), undefined);
  });

  it('reads UserData through !Base64 and !Sub, with ${…} masked and ranges on the exact text', async () => {
    const text = dedent(`
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Web:
          Type: AWS::EC2::Instance
          Properties:
            UserData: !Base64
              Fn::Sub: |
                #!/bin/bash
                ip route add 10.0.0.0/8 via \${Gateway} dev eth0
                echo \${!NotAParameter}
        Nodes:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              UserData:
                Fn::Base64: !Sub |
                  #cloud-config
                  package_upgrade: true
    `);
    assert.deepEqual(await flaggedText('stack.yaml', text), [
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via ${Gateway} dev eth0'],
      ['first-boot-package-upgrade', 'package_upgrade: true'],
    ]);
  });

  it('reads Fn::Join of literal pieces, in JSON, with ranges on the pieces', async () => {
    const text = dedent(`
      {
        "Resources": {
          "Web": {
            "Type": "AWS::EC2::Instance",
            "Properties": {
              "UserData": { "Fn::Base64": { "Fn::Join": ["", [
                "#!/bin/bash\\n",
                "curl -fsSL https://get.docker.com | sh\\n",
                "/opt/aws/bin/cfn-signal --stack ", { "Ref": "AWS::StackName" }, "\\n"
              ]] } }
            }
          }
        }
      }
    `);
    assert.deepEqual(await flaggedText('stack.json', text), [['remote-script-piped-to-shell', 'curl -fsSL https://get.docker.com | sh']]);
  });

  it('leaves alone user-data it cannot read in place, and other resources', async () => {
    const text = dedent(`
      AWSTemplateFormatVersion: "2010-09-09"
      Parameters:
        Script: { Type: String, Default: "#!/bin/bash\\nip route add 10.0.0.0/8 dev eth0" }
      Resources:
        Web:
          Type: AWS::EC2::Instance
          Properties:
            UserData: !Ref Script
        Doc:
          Type: AWS::SSM::Document
          Properties:
            Content: "#!/bin/bash\\nip route add 10.0.0.0/8 dev eth0"
    `);
    assert.deepEqual(await flaggedText('stack.yaml', text), []);
  });
});
