import { ruleSpec } from './spec';

ruleSpec('cloud-config-not-read', {
  fires: [
    {
      name: 'a space in the header, fixed to the exact header',
      text: `
        # cloud-config
        packages: [nginx]
      `,
      flagged: ['# cloud-config'],
      fixed: `
        #cloud-config
        packages: [nginx]
      `,
    },
    {
      name: 'an underscore in the header',
      text: `
        #cloud_config
        runcmd:
          - echo hello
      `,
      flagged: ['#cloud_config'],
    },
    {
      name: 'instance data without the jinja header, fixed by adding it',
      text: `
        #cloud-config
        runcmd:
          - echo "region {{ v1.region }}" > /etc/region
      `,
      flagged: ['{{ v1.region }}'],
      fixed: `
        ## template: jinja
        #cloud-config
        runcmd:
          - echo "region {{ v1.region }}" > /etc/region
      `,
    },
    {
      name: 'a block over instance data (no rewrite: another template expression would be rendered too)',
      text: `
        #cloud-config
        runcmd:
          - echo "{{ app_name }}"
        {% if ds.meta_data.region == "eu" %}
          - echo eu
        {% endif %}
      `,
      flagged: ['{% if ds.meta_data.region == "eu" %}'],
    },
  ],
  clean: [
    {
      name: 'the exact header, and a header in another case',
      text: `
        #Cloud-Config
        packages: [nginx]
      `,
    },
    {
      name: 'instance data in a comment',
      text: `
        #cloud-config
        # phone_home:
        #   url: http://example.com/{{ v1.instance_id }}/
        packages: [nginx]
      `,
    },
    {
      name: 'instance data with the jinja header',
      text: `
        ## template: jinja
        #cloud-config
        runcmd:
          - echo "{{ v1.region }}"
      `,
    },
    {
      name: 'another tool’s template variables',
      fileName: 'user-data.j2',
      text: `
        #cloud-config
        runcmd:
          - echo "{{ inventory_hostname }}"
      `,
    },
  ],
});
