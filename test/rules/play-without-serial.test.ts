import assert from 'node:assert/strict';
import { it } from 'node:test';
import { dedent, testEngine } from '../helpers';
import { ruleSpec, ruleTests } from './spec';

ruleSpec('play-without-serial', {
  fires: [
    {
      name: 'config push notifying a restart on a group; fix inserts serial at the play indentation',
      fileName: 'site.yml',
      text: `
        - hosts: webservers
          become: true
          tasks:
            - name: Push haproxy config
              template: {src: haproxy.cfg.j2, dest: /etc/haproxy/haproxy.cfg}
              notify: restart haproxy
          handlers:
            - name: restart haproxy
              service: name=haproxy state=restarted
      `,
      flagged: ['hosts: webservers'],
      fixed: `
        - hosts: webservers
          serial: [1, "10%", "25%"]
          max_fail_percentage: 0
          become: true
          tasks:
            - name: Push haproxy config
              template: {src: haproxy.cfg.j2, dest: /etc/haproxy/haproxy.cfg}
              notify: restart haproxy
          handlers:
            - name: restart haproxy
              service: name=haproxy state=restarted
      `,
    },
    {
      name: 'reboot and package upgrade on all hosts, name before hosts',
      fileName: 'patch.yml',
      text: `
        - name: Patch the fleet
          hosts: all
          tasks:
            - ansible.builtin.apt:
                name: nginx
                state: latest
            - ansible.builtin.reboot:
      `,
      flagged: ['hosts: all'],
    },
  ],
  clean: [
    {
      name: 'serial present',
      fileName: 'site.yml',
      text: `
        - hosts: webservers
          serial: "20%"
          tasks:
            - service: name=nginx state=restarted
      `,
    },
    {
      name: 'localhost, connection local, a single named host',
      fileName: 'site.yml',
      text: `
        - hosts: localhost
          tasks:
            - service: name=nginx state=restarted
        - hosts: web
          connection: local
          tasks:
            - reboot:
        - hosts: db1.example.com
          tasks:
            - reboot:
      `,
    },
    {
      name: 'read-only play, throttled risky tasks, and batches',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - command: uptime
            - service: name=nginx state=started
            - reboot:
              throttle: 1
        - hosts: web
          serial: [1, "10%", "100%"]
          tasks:
            - service: name=nginx state=restarted
        - hosts: etcd[0]
          tasks:
            - service: name=etcd state=stopped
        - hosts: k8s_cluster
          tasks:
            - command: ip route show
        - hosts: instances
          connection: community.docker.docker
          tasks:
            - service: name=nginx state=restarted
        - hosts: db
          serial: '{{ batch | default(2) }}'
          tasks:
            - service: name=postgresql state=restarted
      `,
    },
    {
      name: 'tasks that run once or on another host do not reach every host at once',
      fileName: 'site.yml',
      text: `
        - hosts: web
          tasks:
            - name: Drain the load balancer
              service: name=haproxy state=reloaded
              delegate_to: lb1
            - name: Restart the shared cache once
              service: name=memcached state=restarted
              run_once: true
      `,
    },
    {
      name: 'stopping the firewall on a dev or test play takes nothing down',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - service: name=firewalld state=stopped enabled=no
            - systemd: {name: ufw, state: stopped}
      `,
    },
    {
      name: 'suppressed with noqa on the hosts line',
      fileName: 'site.yml',
      text: `
        - hosts: all  # noqa: play-without-serial
          tasks:
            - reboot:
      `,
    },
  ],
});

ruleTests('play-without-serial messages', () => {
  it('say what templated names stand for instead of printing raw Jinja', async () => {
    const engine = await testEngine();
    const text = dedent(`
      - hosts: web
        tasks:
          - name: Restart {{ item }}
            service: name={{ item }} state=restarted
            loop: [nginx, php-fpm]
          - name: Generate units
            template: src=unit.j2 dest={{ "/etc/systemd/system/" + item.name }}
            notify: Restart units
        handlers:
          - name: Restart units
            service: name=units state=restarted
    `);
    const [finding] = engine.analyse('site.yml', text).findings.filter((each) => each.ruleId === 'play-without-serial');
    assert.deepEqual(
      finding.related?.map((place) => place.message),
      ['"Restart …" restarts the services its variables name', '"Generate units" pushes files its variables name and notifies a restart'],
    );
    assert.doesNotMatch(finding.message, /\{\{/);
  });
});

ruleSpec('play-without-serial', {
  fires: [],
  clean: [
    {
      name: 'a teardown play that only stops services',
      fileName: 'destroy.yml',
      text: `
        - hosts: all
          tasks:
            - name: Disable octavia-interface service
              systemd: name=octavia-interface state=stopped enabled=no
      `,
    },
    {
      name: 'a playbook that asks the operator to confirm first (a reset, a node removal)',
      fileName: 'reset.yml',
      text: `
        - hosts: k8s_cluster
          pre_tasks:
            - name: Reset Confirmation
              pause:
                prompt: "Are you sure you want to reset cluster state? Type 'yes' to reset your cluster."
              run_once: true
          tasks:
            - service: name=kubelet state=restarted
            - iptables: {flush: true}
      `,
    },
  ],
});
