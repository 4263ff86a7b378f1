/**
 * RandomStream computes Alea's step in another order than seedrandom (the carry is
 * added last, so that a draw does not wait for the previous carry): the uniforms must
 * still be exactly seedrandom's, including the rare steps where the carry spills over.
 */
import seedrandom from 'seedrandom';
import { expect, test } from 'vitest';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from '../../src/model/random-stream.js';

test('a million uniforms equal seedrandom.alea from the same state, carry spills included', () => {
  let spills = 0;
  let mismatches = 0;
  for (const [seed, stream] of [
    [20261127, STREAM_NETWORK],
    [7, STREAM_BACKGROUND],
  ] as const) {
    const s = new RandomStream();
    s.reseed(seed, 3, stream);
    const reference = seedrandom.alea('', { state: { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2 } });
    for (let i = 0; i < 500_000; i++) {
      // The step where fraction(a·s0) + c·2^−32 reaches 1 (the branch in `uniform`).
      const product = 2091639 * s.s0;
      if (product - Math.floor(product) + s.c * 2 ** -32 >= 1) spills++;
      if (s.uniform() !== reference()) mismatches++;
    }
  }
  expect(mismatches).toBe(0);
  expect(spills).toBeGreaterThan(10);
});
