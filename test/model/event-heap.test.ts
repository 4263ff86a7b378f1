/**
 * The event heap pops by time and, at equal times, in insertion order: a determinism
 * guarantee (a trial replays identically whatever the heap's layout). Oracle: a stable
 * sort of the pushed events by time (Array.prototype.sort is stable).
 */
import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../src/model/event-heap.js';

interface Event {
  time: number;
  kind: number;
  subject: number;
  extra: number;
}

/** A fixed pseudo-random sequence (an LCG): times from a few values, so ties abound. */
function events(count: number, distinctTimes: number, seed: number): Event[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  return Array.from({ length: count }, (_, i) => ({ time: next() % distinctTimes, kind: next() % 7, subject: i, extra: next() % 1000 }));
}

function popAll(heap: EventHeap): Event[] {
  const out: Event[] = [];
  while (heap.size > 0) {
    heap.pop();
    out.push({ time: heap.time, kind: heap.kind, subject: heap.subject, extra: heap.extra });
  }
  return out;
}

describe('EventHeap', () => {
  it('pops 1 000 events (growing past its first 64 slots) by time, equal times in insertion order', () => {
    const pushed = events(1000, 5, 1);
    const heap = new EventHeap();
    for (const e of pushed) heap.push(e.time, e.kind, e.subject, e.extra);
    expect(heap.size).toBe(1000);
    expect(popAll(heap)).toEqual([...pushed].sort((a, b) => a.time - b.time));
  });

  it('keeps insertion order among ties when pushes and pops interleave', () => {
    const pushed = events(600, 3, 7);
    const heap = new EventHeap();
    const pending: Event[] = []; // the oracle: events in insertion order
    const popped: Event[] = [];
    const expected: Event[] = [];
    pushed.forEach((e, i) => {
      heap.push(e.time, e.kind, e.subject, e.extra);
      pending.push(e);
      if (i % 3 === 2) {
        // The earliest time, and among those the first pushed.
        const k = pending.reduce((best, p, j) => (p.time < pending[best]!.time ? j : best), 0);
        expected.push(pending.splice(k, 1)[0]!);
        heap.pop();
        popped.push({ time: heap.time, kind: heap.kind, subject: heap.subject, extra: heap.extra });
      }
    });
    expect(popped).toEqual(expected);
    expect(popAll(heap)).toEqual([...pending].sort((a, b) => a.time - b.time));
  });

  it('after clear() it is empty (peekTime ∞) and ties again pop in the new insertion order', () => {
    const heap = new EventHeap();
    for (const e of events(100, 2, 3)) heap.push(e.time, e.kind, e.subject, e.extra);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
    for (let i = 0; i < 10; i++) heap.push(4.5, 0, i, 0);
    heap.push(1, 0, 99, 0);
    expect(heap.peekTime()).toBe(1);
    expect(popAll(heap).map((e) => e.subject)).toEqual([99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
