import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { renderCatalog, withCatalog } from '../../scripts/rule-catalog';
import { scaffoldRule } from '../../scripts/new-rule';
import { Engine } from '../../server/src/core/engine';
import { ruleCodeFor } from '../../server/src/core/rules/code-registry';
import { defaultRulesDir, loadRuleSet } from '../../server/src/core/rules/load';
import { filesUnder } from '../helpers';

const root = path.resolve(__dirname, '../..');
const rulesDir = defaultRulesDir();
const ruleIds = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.yaml') && name !== 'incidents.yaml')
  .map((name) => name.slice(0, -'.yaml'.length));
const codeDir = path.join(root, 'server/src/core/rules/code');
const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-new-rule-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a rule is found from its id', () => {
  it('every module in rules/code is named for a rule and exports only what a rule may have', () => {
    const ruleSet = loadRuleSet(rulesDir);
    for (const name of readdirSync(codeDir)) {
      const id = name.replace(/\.ts$/, '');
      assert.ok(ruleIds.includes(id), `rules/code/${name} is named for no rule`);
      const code = ruleCodeFor(id)!;
      assert.deepEqual(
        Object.keys(code).filter((key) => !['placeholders', 'check', 'keep', 'relate', 'fixes', 'crossFile'].includes(key)),
        [],
        name,
      );
      // A rule's fixes are its own: everything its YAML names is in its module.
      for (const fix of ruleSet.rule(id)!.fixes ?? []) assert.ok(code.fixes?.[fix], `${id} names fix ${fix}, which rules/code/${name} does not provide`);
    }
  });

  it('every rule has its fixtures in test/rules/<id>.test.ts', () => {
    for (const id of ruleIds) {
      const spec = path.join(root, 'test/rules', `${id}.test.ts`);
      assert.ok(readFileSync(spec, 'utf8').includes(`ruleSpec('${id}'`), `${spec} holds no ruleSpec for ${id}`);
    }
  });

  /** The manifest less the `hindsight.rules` list, which scripts/rule-id-schemas.ts writes from rules/ (a test checks it). */
  const withoutGeneratedRuleList = (text: string): string => {
    const manifest = JSON.parse(text);
    delete manifest.contributes.configuration.properties['hindsight.rules'].properties;
    return JSON.stringify(manifest);
  };

  it('no rule id is written in the engine, the server, the CLI, the client or the scripts, outside the rule’s own module', () => {
    const places = ['server/src', 'client/src', 'scripts', 'bench', 'syntaxes', 'package.json'].flatMap((place) => {
      const full = path.join(root, place);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
    for (const file of places) {
      const text = file.endsWith('package.json') ? withoutGeneratedRuleList(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8');
      for (const id of ruleIds) {
        if (file === path.join(codeDir, `${id}.ts`)) continue;
        const mention = new RegExp(`(^|[^a-z0-9-])${id}(?![a-z0-9-])`).exec(text);
        assert.equal(mention, null, `${path.relative(root, file)} names the rule ${id}`);
      }
    }
  });

  it('the README catalog is the one generated from rules/', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.equal(withCatalog(readme, rulesDir), readme, 'run `npm run docs`');
    for (const id of ruleIds) assert.match(renderCatalog(rulesDir), new RegExp(`^\\| \`${id}\` \\|`, 'm'));
  });

  it('`npm run new-rule` writes a rule that loads and lints with no other file touched, and fixtures that fail until it is written', async () => {
    const copy = path.join(scratch, 'project');
    mkdirSync(path.join(copy, 'test', 'rules'), { recursive: true });
    cpSync(rulesDir, path.join(copy, 'rules'), { recursive: true });
    cpSync(path.join(root, 'README.md'), path.join(copy, 'README.md'));
    const created = scaffoldRule(copy, 'telnet-in-provisioning', 'codecov-2021-04', false);
    assert.deepEqual(created.map((file) => path.relative(copy, file)).sort(), ['rules/telnet-in-provisioning.yaml', 'test/rules/telnet-in-provisioning.test.ts']);
    assert.match(readFileSync(path.join(copy, 'README.md'), 'utf8'), /^\| `telnet-in-provisioning` \| warning \|/m);
    const engine = await Engine.create({ rulesDir: path.join(copy, 'rules') });
    const flagged = (text: string) => engine.analyse('user-data', text).findings.filter((finding) => finding.ruleId === 'telnet-in-provisioning');
    assert.equal(flagged('#cloud-config\nruncmd:\n  - replace-me now\n').length, 1, 'the scaffolded matcher runs');
    assert.equal(flagged('#cloud-config\nruncmd:\n  - TODO a hazardous command\n').length, 0, 'the scaffolded fixture fails until the rule is written');
    assert.throws(() => scaffoldRule(copy, 'telnet-in-provisioning', 'codecov-2021-04', false), /exists already/);
    assert.throws(() => scaffoldRule(copy, 'other-rule', 'no-such-incident', false), /no incident "no-such-incident"/);
  });
});
