/**
 * Elastic's site groups are sets of job-site pairs in one int32 word, so it takes at most
 * MAX_ELASTIC_SITES job sites: more is bad input (exit 2 naming job.sites), not a crash
 * when the view is built.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { MAX_ELASTIC_SITES } from '../../src/model/schemes/elastic-view.js';
import { minimal, problemsOfRaw } from '../support/config-problems.js';

/** A chain of `n` sites, each joined to the next. */
function chain(n: number, kind: string): Record<string, any> {
  const doc = minimal();
  doc.sites = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, gpus: 8 }));
  doc.routes = Array.from({ length: n - 1 }, (_, i) => ({
    id: `r${i}`, between: [`s${i}`, `s${i + 1}`], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10,
  }));
  doc.schemes = [{ id: 'ideal', kind: 'ideal' }, { id: 'shrink', kind }];
  return doc;
}

describe('elastic job sites', () => {
  it(`accepts ${MAX_ELASTIC_SITES} sites`, () => {
    expect(() => validateScenario(chain(MAX_ELASTIC_SITES, 'elastic'))).not.toThrow();
  });

  it(`refuses ${MAX_ELASTIC_SITES + 1} sites, naming job.sites, the scheme and the bound`, () => {
    expect(problemsOfRaw(chain(MAX_ELASTIC_SITES + 1, 'elastic'))).toEqual([
      `job.sites: schemes[1] is elastic, which takes at most ${MAX_ELASTIC_SITES} job sites, got ${MAX_ELASTIC_SITES + 1}`,
    ]);
  });

  it('leaves other schemes unbounded by it', () => {
    expect(() => validateScenario(chain(MAX_ELASTIC_SITES + 4, 'none'))).not.toThrow();
  });
});
