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

ruleSpec('remote-script-piped-to-shell', {
  fires: [
    {
      name: 'Ansible: shell with curl | bash',
      fileName: 'roles/tools/tasks/main.yml',
      text: `
        - name: Install tool
          shell: curl -fsSL https://get.example.com | bash -s -- --yes
      `,
      flagged: ['curl -fsSL https://get.example.com | bash -s -- --yes'],
    },
  ],
  clean: [
    {
      name: 'Ansible: get_url then script',
      fileName: 'roles/tools/tasks/main.yml',
      text: `
        - get_url: {url: https://get.example.com, dest: /tmp/i.sh, checksum: "sha256:abc"}
        - command: sh /tmp/i.sh
      `,
    },
  ],
});

ruleSpec('remote-script-piped-to-shell', {
  fires: [
    {
      name: 'Dockerfile: pipe on the next continuation line, heredoc, exec form, ONBUILD',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN apt-get update && \\
            curl -fsSL https://deb.nodesource.com/setup_22.x \\
            | bash -
        RUN <<EOT
        set -e
        curl -sSL https://install.example.com | sh
        EOT
        RUN ["sh", "-c", "curl -fsSL https://x.example.com | sh"]
        ONBUILD RUN wget -qO- https://y.example.com | sh
      `,
      flagged: [
        'curl -fsSL https://deb.nodesource.com/setup_22.x \\\n    | bash -',
        'curl -sSL https://install.example.com | sh',
        'curl -fsSL https://x.example.com | sh',
        'wget -qO- https://y.example.com | sh',
      ],
    },
  ],
  clean: [
    {
      name: 'Dockerfile: heredoc written to a file is data, ADD with checksum',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN cat <<EOF > /usr/local/bin/setup
        curl -sSL https://install.example.com | sh
        EOF
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/
      `,
    },
  ],
});
