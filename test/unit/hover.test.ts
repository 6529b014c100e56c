import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mechanism } from '../../server/src/lsp/hover';

describe('the hover’s mechanism', () => {
  it('is the page’s first paragraph without its heading, cut at three sentences, not at a dot inside a name or a version', () => {
    const explanation = [
      '**Why this is a hazard.** On Ubuntu 24.04, `apt-daily.service` takes the lock. A command fails.',
      'It is skipped. Nothing says why.',
      '',
      '**When it is fine.** Never.',
    ].join('\n');
    assert.equal(mechanism(explanation), 'On Ubuntu 24.04, `apt-daily.service` takes the lock. A command fails. It is skipped.');
  });
});
