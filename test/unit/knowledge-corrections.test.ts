import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { defaultRulesDir } from '../../server/src/core/rules/load';

// Claims a fact check against the primary sources found overstated or wrong. They are kept out of
// the rule pages, the incident catalog and the README so that they cannot come back unnoticed.

const rulesDir = defaultRulesDir();
const readme = path.join(rulesDir, '..', 'README.md');

interface Incident {
  id: string;
  url: string;
  kind?: string;
  title: string;
  summary: string;
  lesson: string;
}

/** Each file's text with its line breaks and YAML indentation folded into single spaces. */
function texts(): { file: string; text: string }[] {
  const files = readdirSync(rulesDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => path.join(rulesDir, name));
  return [...files, readme].map((file) => ({ file: path.basename(file), text: readFileSync(file, 'utf8').replace(/\s+/g, ' ') }));
}

function ruleText(id: string): string {
  return readFileSync(path.join(rulesDir, `${id}.yaml`), 'utf8').replace(/\s+/g, ' ');
}

const incidents = (parse(readFileSync(path.join(rulesDir, 'incidents.yaml'), 'utf8')) as { incidents: Incident[] }).incidents;

function incident(id: string): Incident {
  const found = incidents.find((candidate) => candidate.id === id);
  assert.ok(found, id);
  return found;
}

function prose(entry: Incident): string {
  return `${entry.title} ${entry.summary} ${entry.lesson}`.replace(/\s+/g, ' ');
}

/** The text `pattern` matches, so that a failure shows the offending words rather than the whole file. */
function hits(text: string, pattern: RegExp): string[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  return [...text.matchAll(new RegExp(pattern.source, flags))].map((match) => match[0]);
}

/** The matches of `pattern` that are not negated within the match itself ("does not restart"). */
function affirmed(text: string, pattern: RegExp): string[] {
  return hits(text, pattern).filter((match) => !/\b(not|never|no)\b|n't/i.test(match));
}

/** Overstatements that must appear nowhere in the rules, the incidents or the README. */
const banned: [string, RegExp][] = [
  ['Datadog did not lose every region (five: US1, EU1, US3, US4, US5)', /\bevery region\b/i],
  ['Heroku: up to 12 hours of downtime for many customers, not most of a day', /\bmost of a day\b/i],
  ['ansible-lint package-latest flags name "*" state: latest', /\bexempts these forms\b/i],
  ['networkctl reload reconfigures (and takes down) links whose .network file changed', /\bwithout tearing\b/i],
  ["needrestart's stock override_rc exempts dbus, docker and others", /\brestarts every (service|daemon)\b/i],
  ['netplan apply reloads and reconfigures; it does not restart networkd', /\brestart\w*\s+`?systemd-networkd`?\s*\([^)]*netplan apply/i],
];

describe('knowledge corrections stay corrected', () => {
  it('no rule page, incident or README paragraph repeats a removed overstatement', () => {
    for (const { file, text } of texts()) {
      for (const [why, pattern] of banned) assert.deepEqual(hits(text, pattern), [], `${file}: ${why}`);
    }
  });

  it('nothing says netplan apply restarts systemd-networkd', () => {
    for (const { file, text } of texts()) {
      assert.deepEqual(affirmed(text, /netplan apply`?[^.;]{0,40}?\brestart(s|ed|ing)?\b[^.;]{0,20}networkd/i), [], file);
      assert.deepEqual(affirmed(text, /\brestart(s|ed|ing)?\b[^.;]{0,40}?\b(through|via|by|with) `?netplan apply/i), [], file);
    }
  });

  it('nothing says networkctl reload re-reads networkd.conf', () => {
    for (const { file, text } of texts()) {
      assert.deepEqual(affirmed(text, /networkctl reload`?[^.;]{0,60}?\b(re-?reads?|loads?|applies)\b[^.;]{0,20}networkd\.conf/i), [], file);
    }
  });

  it('CrowdStrike: hosts may have been impacted; not every host crashed', () => {
    const crowdstrike = prose(incident('crowdstrike-2024-07-19'));
    assert.deepEqual(hits(crowdstrike, /\b(every|all)\b[^.;]{0,40}\bhosts?\b/i), []);
    assert.match(crowdstrike, /may be impacted/);
    for (const { file, text } of texts()) {
      assert.deepEqual(hits(text, /CrowdStrike[^.;]{0,120}\b(every|all)\b[^.;]{0,40}\bhosts?\b/i), [], file);
    }
  });

  it('GOV.UK: the pull request is not a post-mortem, nor evidence that reboots were uncoordinated', () => {
    const govuk = incident('govuk-2020-10-30-auto-reboot');
    assert.notEqual(govuk.kind, 'post-mortem');
    assert.doesNotMatch(`${govuk.summary} ${govuk.lesson}`, /are not coordinated|not coordinated with anything/i);
    for (const { file, text } of texts()) assert.deepEqual(hits(text, /GOV\.UK[^.;]{0,80}\bpost-mortem\b/i), [], file);
  });

  it('play-without-serial does not offer a play-level throttle as a remedy', () => {
    const page = ruleText('play-without-serial');
    assert.deepEqual(hits(page, /no `?serial`? and no play-level `?throttle/i), []);
    assert.deepEqual(affirmed(page, /play-level `?throttle`?[^.;]{0,40}\b(makes?|keeps?)\b[^.;]{0,30}\bsafe\b/i), []);
    assert.deepEqual(affirmed(page, /`?throttle`?[^.;]{0,20}\b(is|as) (a |an )?(safe|staged|rolling|batch)/i), []);
  });

  it('the incidents say what their sources say', () => {
    const heroku = incident('heroku-2025-06-10');
    assert.equal(heroku.url, 'https://www.heroku.com/blog/summary-of-june-10-outage/');
    assert.match(heroku.summary, /up to 12 hours/);

    const datadog = incident('datadog-2023-03-08');
    assert.match(datadog.summary, /US1, EU1, US3, US4 and US5/);
    assert.doesNotMatch(datadog.summary, /ManageForeign/);

    const benoit = prose(incident('benoit-2026-05-02-needrestart'));
    assert.match(benoit, /systemctl restart tailscaled/);
    assert.doesNotMatch(benoit, /Ubuntu 24\.04|until both needrestart and networkd were reconfigured/);

    const bullseye = prose(incident('debian-bullseye-release-2021-08-14'));
    assert.match(bullseye, /stable\/updates/);
    assert.match(bullseye, /still buster/);
    assert.doesNotMatch(bullseye, /moved to bullseye/);
  });
});
