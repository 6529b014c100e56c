import { ruleSpec } from './spec';

ruleSpec('remote-script-piped-to-shell', {
  fires: [
    {
      name: 'curl piped to sh, wget -qO- piped to sudo bash',
      text: `
        #cloud-config
        runcmd:
          - curl -fsSL https://get.example.com | sh
          - wget -qO- https://example.com/install.sh | sudo bash
      `,
      flagged: ['curl -fsSL https://get.example.com | sh', 'wget -qO- https://example.com/install.sh | sudo bash'],
    },
    {
      name: 'pipe on the next continuation line of a block scalar',
      text: `
        #cloud-config
        runcmd:
          - |
            curl -fsSL https://example.com/setup.sh \\
              | sudo -E bash -s -- --channel stable
      `,
      flagged: ['curl -fsSL https://example.com/setup.sh \\\n      | sudo -E bash -s -- --channel stable'],
    },
    {
      name: 'process substitution and sh -c with command substitution',
      text: `
        #cloud-config
        runcmd:
          - bash <(curl -s https://codecov.io/bash)
          - sh -c "$(curl -fsSL https://example.com/install.sh)"
          - curl -s https://example.com/get.py | python3 -
      `,
      flagged: ['bash <(curl -s https://codecov.io/bash)', 'sh -c "$(curl -fsSL https://example.com/install.sh)"', 'curl -s https://example.com/get.py | python3 -'],
    },
  ],
  clean: [
    {
      name: 'downloads that are verified or not executed',
      text: `
        #cloud-config
        runcmd:
          - curl -fsSLo /tmp/i.sh https://example.com/i.sh
          - echo "abc  /tmp/i.sh" | sha256sum -c -
          - sh /tmp/i.sh
          - curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /etc/apt/keyrings/example.gpg
          - curl -s https://api.example.com/meta | python3 -c 'import json,sys; print(json.load(sys.stdin))'
          - curl -sL https://example.com/tool.tgz | tar xz -C /opt
          - wget https://example.com/install.sh | sh
          - curl -s https://example.com/data | bash ./process.sh
      `,
    },
  ],
});
