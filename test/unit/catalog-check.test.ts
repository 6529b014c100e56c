import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { catalogProblems, endingSoon } from '../../server/src/core/eol-catalog';
import { defaultRulesDir, loadRuleSet, RuleLoadError } from '../../server/src/core/rules/load';
import type { EolRelease } from '../../server/src/core/rules/types';

const shipped = defaultRulesDir();
const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-catalog-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The day the catalog was last checked against its sources. */
const CHECKED = new Date('2026-11-27T00:00:00Z');

const release = (fields: Partial<EolRelease> & Pick<EolRelease, 'release' | 'tags'>): EolRelease => ({
  repositories: ['debian'],
  ended: true,
  successor: 'debian:trixie',
  source: 'https://endoflife.date/debian',
  ...fields,
});

/** One release of each kind of mistake, beside two that are right. */
const BAD: EolRelease[] = [
  release({ release: 'Debian 13 (trixie)', tags: ['13', 'trixie'], marker: 'trixie', eol: '2030-06-30', ended: false, successor: 'debian:forky' }),
  release({ release: 'Debian 10 (buster)', tags: ['10', 'buster'], marker: 'buster', eol: '2024-06-30' }),
  release({ release: 'Debian 12 (bookworm)', tags: ['12', 'bookworm'], eol: '2026-07-11', ended: false }),
  release({ release: 'Debian 14 (forky)', tags: ['14', 'forky'], eol: '2031-06-30' }),
  release({ release: 'Debian 11 (bullseye)', tags: ['11', 'bullseye'], eol: '2026-08-31', successor: 'debian:bookworm' }),
  release({ release: 'Debian 9 (stretch)', tags: ['9', 'stretch'], eol: '2022-07-01', successor: 'debian:potato' }),
  release({ release: 'Debian 8 (jessie)', tags: ['8', 'jessie'], eol: '2020-06-30', successor: 'debian:jessie' }),
  release({ release: 'Debian 10 again', tags: ['buster-slim', '10'], marker: 'buster', eol: '2024-06-30' }),
];

function writeRules(catalog: string): string {
  const dir = mkdtempSync(path.join(scratch, 'rules-'));
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(path.join(dir, 'catalogs', 'eol-images.yaml'), catalog);
  return dir;
}

function catalogCheck(...args: string[]) {
  const script = path.join(shipped, '..', 'scripts', 'catalog-check.ts');
  const env = { ...process.env };
  delete env.npm_config_today;
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the end-of-life catalog check', () => {
  it('finds nothing wrong with the shipped catalog on the day it was checked', () => {
    assert.deepEqual(catalogProblems(loadRuleSet(shipped).eolReleases, CHECKED), []);
  });

  it('names each mistake: a date against `ended`, a successor that ended, is unknown or is itself, a tag or marker claimed twice', () => {
    assert.deepEqual(catalogProblems(BAD, CHECKED), [
      'Debian 12 (bookworm): its support ended on 2026-07-11, but it is not marked `ended`; mark it, and move what names it as successor',
      'Debian 14 (forky): marked `ended`, but its date (2031-06-30) has not passed',
      'Debian 11 (bullseye): its successor debian:bookworm is Debian 12 (bookworm), which ended on 2026-07-11',
      'Debian 9 (stretch): its successor debian:potato is no release in the catalog, so its end of life is not known',
      'Debian 8 (jessie): its successor debian:jessie is itself',
      'Debian 10 again: debian:10 is also Debian 10 (buster)',
      'Debian 10 again: marker buster is also Debian 10 (buster)',
    ]);
  });

  it('judges against the day it is given: the shipped catalog needs refreshing once a supported release passes its date', () => {
    const { eolReleases } = loadRuleSet(shipped);
    assert.deepEqual(
      endingSoon(eolReleases, CHECKED, 90).map((soon) => soon.release),
      ['PHP 8.2'],
    );
    assert.ok(catalogProblems(eolReleases, new Date('2027-01-01T00:00:00Z')).some((problem) => problem.startsWith('PHP 8.2: its support ended on 2026-12-31')));
  });

  it('`npm run catalog:check` prints the problems and exits 1 when there are any', () => {
    const good = catalogCheck('--today', '2026-11-27');
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^End-of-life catalog on 2026-11-27: \d+ releases, \d+ marked ended\.$/m);
    assert.match(good.stdout, /^No problems\.$/m);
    const later = catalogCheck('--today', '2027-01-01');
    assert.equal(later.code, 1);
    assert.match(later.stdout, /^ {2}PHP 8\.2: its support ended on 2026-12-31, but it is not marked `ended`/m);
    const bad = catalogCheck(
      '--today',
      '2026-11-27',
      '--rules',
      writeRules(
        'releases:\n  - { release: Debian 9 (stretch), repositories: [debian], tags: ["9"], eol: "2022-07-01", ended: false, successor: debian:9, source: https://endoflife.date/debian }\n',
      ),
    );
    assert.equal(bad.code, 1);
    assert.match(
      bad.stdout,
      /^2 problems:\n {2}Debian 9 \(stretch\): its support ended on 2022-07-01, but it is not marked `ended`.*\n {2}Debian 9 \(stretch\): its successor debian:9 is itself$/m,
    );
    assert.equal(catalogCheck('--today', 'tomorrow').code, 2);
  });

  it('the schema holds every ended release to a date, and successors to image references', () => {
    const entry = 'release: Debian 9, repositories: [debian], tags: ["9"], source: https://endoflife.date/debian';
    for (const [fields, field] of [
      ['ended: true, successor: debian:trixie', 'releases.0'],
      ['eol: "2022-06", ended: true, successor: debian:trixie', 'releases.0.eol'],
      ['eol: "2022-07-01", ended: true, successor: trixie', 'releases.0.successor'],
      ['eol: "2022-07-01", successor: debian:trixie', 'releases.0'],
    ]) {
      const dir = writeRules(`releases:\n  - { ${entry}, ${fields} }\n`);
      assert.throws(
        () => loadRuleSet(dir),
        (error: unknown) => error instanceof RuleLoadError && error.field === field,
        fields,
      );
    }
  });
});
