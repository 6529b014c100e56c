import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedCache } from '../../server/src/core/bounded-cache';

describe('a cache bounded by the memory it holds', () => {
  it('evicts the least recently used entries once their weight passes the budget, and keeps none that alone exceeds it', () => {
    const cache = new BoundedCache<string, string>(10, (_key, value) => value.length);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    assert.equal(cache.get('a'), 'aaaa', 'a is now the most recently used');
    cache.set('c', 'cccc');
    assert.equal(cache.get('b'), undefined, 'b was the least recently used');
    assert.equal(cache.get('a'), 'aaaa');
    assert.equal(cache.get('c'), 'cccc');
    assert.equal(cache.weight, 8);
    cache.set('huge', 'x'.repeat(11));
    assert.equal(cache.get('huge'), undefined);
    assert.equal(cache.weight, 8);
    cache.set('a', 'a');
    assert.equal(cache.weight, 5, 'a replaced entry is weighed anew');
  });

  it('many large distinct keys never hold more than the budget', () => {
    const cache = new BoundedCache<string, number>(1000, (key) => key.length);
    for (let i = 0; i < 500; i++) cache.set(`${i}`.padEnd(300, 'x'), i);
    assert.ok(cache.weight <= 1000, String(cache.weight));
  });
});
