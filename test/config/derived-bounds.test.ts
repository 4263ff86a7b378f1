/**
 * Inputs whose every written value is in range but whose derived figures are not
 * (docs/limits.md): each is refused at validation naming the key, the derived figure
 * and the bound, where it used to validate and then hang or overflow in the run. The
 * figures are checked against hand computations on the small `minimal()` scenario:
 * 2 sites × 8 GPUs, one 100 km buried route cut at 1 / 1000 km / year, W = 10 d = 240 h,
 * horizon 10 W = 2 400 h.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { figure } from '../../src/config/check-derived.js';
import { expectedBackgroundEvents, expectedNetworkEvents, maxCheckpointsPerJob } from '../../src/config/derived-figures.js';
import { loadScenarioFile } from '../../src/config/load-scenario.js';
import {
  MAX_BACKGROUND_EVENTS,
  MAX_CHECKPOINTS,
  MAX_FILE_BYTES,
  MAX_ID_CHARS,
  MAX_NETWORK_EVENTS,
  MAX_PLACES,
} from '../../src/config/limits.js';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { minimal, problemsOf, problemsOfRaw } from '../support/config-problems.js';

type Doc = Record<string, any>;
const edit = (change: (doc: Doc) => void): Doc => {
  const doc = minimal();
  change(doc);
  return doc;
};

describe('every value finite after its unit applies', () => {
  test.each([
    ['job.restart', '1e308y', 'hours'],
    ['job.work', '1e308d', 'hours'],
    ['job.step.wan_bytes', '1e308TB', 'bytes'],
  ])('%s: %s', (key, value, unit) => {
    const [first, ...rest] = key.split('.');
    const doc = edit((d) => {
      let node = d[first!] ?? (d[first!] = {});
      for (const k of rest.slice(0, -1)) node = node[k] ?? (node[k] = {});
      node[rest.at(-1)!] = value;
    });
    expect(problemsOfRaw(doc)).toEqual([`${key}: must be finite in ${unit} (at most 1.8e308 ${unit}), got "${value}"`]);
  });
});

describe('derived figures within their bounds', () => {
  test('checkpoints per job: W / τ = 240 h / 1e-15 h', () => {
    const doc = edit((d) => (d.job.checkpoint.interval = '1e-15h'));
    expect(problemsOfRaw(doc)).toEqual([
      `job.checkpoint.interval: 1e-15 h gives 2.4e17 checkpoints per job (W / τ = 240 h / 1e-15 h), must be at most 1 000 000 000`,
    ]);
    // At the bound exactly: accepted.
    // Just inside the bound: accepted.
    const edge = edit((d) => (d.job.checkpoint.interval = (240 / MAX_CHECKPOINTS) * 1.000001));
    expect(maxCheckpointsPerJob(validateScenario(edge))).toBeCloseTo(MAX_CHECKPOINTS / 1.000001, -1);
  });

  test('daly with a vanishing write: bounded through the lowest MTBF the events allow', () => {
    const doc = edit((d) => {
      d.job.checkpoint = { interval: 'daly', write: '1e-15h' };
      d.job.background = { mtbf_per_gpu: '1h' };
    });
    expect(problemsOfRaw(doc)).toEqual([expect.stringMatching(/^job\.checkpoint\.write: with interval daly, a write of 1e-15 h can give up to [\d.e]+ checkpoints per job/)]);
  });

  test('background interruptions per trial: 16 GPUs / 1 ms × 2 400 h', () => {
    const doc = edit((d) => (d.job.background = { mtbf_per_gpu: '1ms' }));
    // 16 / (1 / 3.6e6 h) × 2400 h = 1.3824e11
    expect(problemsOfRaw(doc)).toEqual([
      `job.background.mtbf_per_gpu: 2.78e-7 h per GPU gives 1.38e11 background interruptions expected per trial over the horizon of 2400 h, must be at most 1 000 000`,
    ]);
    const fine = validateScenario(edit((d) => (d.job.background = { mtbf_per_gpu: '1000h' })));
    expect(expectedBackgroundEvents(fine)).toBeCloseTo((16 / 1000) * 2400, 9);
    expect(expectedBackgroundEvents(fine)).toBeLessThan(MAX_BACKGROUND_EVENTS);
  });

  test('network events per trial: cuts, and regional hits with their fan-out', () => {
    const cuts = edit((d) => (d.hazards.excavator.rate.buried = 1e9));
    // 1e9 / 1000 km / y × 100 km = 1e8 / y, over 2400 h = 2.74e7
    expect(problemsOfRaw(cuts)).toEqual([expect.stringMatching(/^hazards: 2\.74e7 cuts and 0 regional hits .* must be at most 1 000 000 together/)]);

    const regional = (rate: number) =>
      edit((d) => {
        d.routes[0].regions = ['coast'];
        d.srlgs = [{ id: 's', length_km: 10, deployment: { buried: 1 }, regions: ['coast'] }];
        d.routes[0].srlgs = ['s'];
        d.regional = [{ id: 'storm', cause: 'storm', region: 'coast', rate, hit_probability: 0.5, repair: { fixed: '1h' } }];
      });
    // Two targets (the route and the SRLG) × p 0.5 × rate × 2400 h / 8760 h.
    const hits = expectedNetworkEvents(validateScenario(regional(10))).regionalHits;
    expect(hits).toBeCloseTo(2 * 0.5 * 10 * (2400 / 8760), 9);
    expect(problemsOfRaw(regional(1e9))).toEqual([expect.stringMatching(/^regional: [\d.e]+ cuts and 2\.74e8 regional hits .* must be at most 1 000 000 together/)]);
    expect(MAX_NETWORK_EVENTS).toBe(1e6);
  });

  test('the healthy step time: 1e290 TB a step over 10 Tbit/s', () => {
    const doc = edit((d) => (d.job.step = { wan_bytes: '1e290TB' }));
    expect(problemsOfRaw(doc)).toEqual([expect.stringMatching(/^job\.step: the healthy step time \(compute 2\.78e-4 h \+ WAN time\) is 2\.22e286 h, must be at most 24 h/)]);
  });

  test('energies: GPU power and WAN transport power', () => {
    expect(problemsOfRaw(edit((d) => (d.job.power = { kw_per_gpu: 1e308 })))).toEqual([
      `job.power.kw_per_gpu: the job's GPUs draw more than 1.8e308 MW, must be at most 1 000 000 MW`,
    ]);
    const wan = edit((d) => {
      d.job.step = { wan_bytes: '1GB' };
      d.job.network_energy = { pj_per_bit: 1e308 };
    });
    // 1e308 pJ/bit × 8e9 bit × 1 route = 8e305 J a step of 1 s + 0.8 ms transfer + 1 ms RTT.
    expect(problemsOfRaw(wan)).toEqual([
      'job.network_energy.pj_per_bit: WAN transport draws 7.99e299 MW while the job runs, must be at most 1 000 000 MW',
    ]);
  });

  test('a repair whose mean outlasts every horizon', () => {
    const doc = edit((d) => (d.hazards.excavator.repair = { lognormal: { median: '8h', sigma: 1000 } }));
    expect(problemsOfRaw(doc)).toEqual([expect.stringMatching(/^hazards\.excavator\.repair: mean more than 1\.8e308 h, must be at most 8 760 000 h/)]);
  });

  test('work and horizon', () => {
    expect(problemsOfRaw(edit((d) => (d.job.work = '1000y')))).toEqual([
      `job.work: the work W is 8.76e6 h, must be at most 876 000 h (100 years)`,
      `horizon: 8.76e7 h (10 × W unless given), must be at most 8 760 000 h (1000 years)`,
    ]);
    expect(problemsOfRaw(edit((d) => (d.horizon = '2000y')))).toEqual([`horizon: 1.75e7 h (10 × W unless given), must be at most 8 760 000 h (1000 years)`]);
  });
});

test('a derived figure is never printed as NaN or Infinity', () => {
  expect(figure(Number.NaN)).not.toMatch(/NaN/);
  expect(figure(Infinity)).not.toMatch(/Infinity/);
  expect(figure(-Infinity)).not.toMatch(/Infinity/);
  expect(figure(2.4e17)).toBe('2.4e17');
  expect(figure(0.000278)).toBe('2.78e-4');
  expect(figure(2400)).toBe('2400');
});

describe('sizes and counts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scale-across-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(`a file over ${MAX_FILE_BYTES / 2 ** 20} MiB is refused before it is parsed`, () => {
    const path = join(dir, 'big.yaml');
    writeFileSync(path, `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    expect(problemsOf(() => loadScenarioFile(path))).toEqual([
      expect.stringMatching(/^cannot read .*big\.yaml: 16\.8 MB, more than the 16 MiB a scenario file may have/),
    ]);
  });

  test(`more than ${MAX_PLACES} sites`, () => {
    const doc = edit((d) => {
      for (let i = 0; i < MAX_PLACES - 1; i++) d.sites.push({ id: `s${i}`, gpus: 0 });
    });
    expect(problemsOfRaw(doc)).toEqual([`sites: must have at most ${MAX_PLACES} entries, got ${MAX_PLACES + 1}`]);
    doc.sites.pop();
    expect(validateScenario(doc).sites).toHaveLength(MAX_PLACES);
  });
});

describe('ids are printable text of bounded length', () => {
  test.each([
    ['ESC and an OSC sequence', 'a\u001b]0;pwned\u0007'],
    ['a newline forging a row', 'a\nb  site  8  yes'],
    ['a bidirectional override', 'abc\u202edef'],
    ['a C1 control (CSI)', 'a\u009b31m'],
    ['a zero-width joiner', 'a\u200db'],
    ['a line separator', 'a\u2028b'],
  ])('%s is refused', (_, bad) => {
    const problems = problemsOfRaw(edit((d) => (d.sites[0].id = bad)));
    expect(problems[0]).toMatch(/^sites\[0\]\.id: must be printable text \(no control, format, bidirectional or line-break characters\), got /);
  });

  test('the same rule for scheme ids and cause names', () => {
    expect(problemsOfRaw(edit((d) => (d.schemes = [{ id: 'x\u001b[2J', kind: 'none' }])))[0]).toMatch(/^schemes\[0\]\.id: must be printable text/);
    expect(problemsOfRaw(edit((d) => (d.hazards = { 'dig\u0007': d.hazards.excavator })))[0]).toMatch(/must be a non-empty name of printable text/);
  });

  test(`at most ${MAX_ID_CHARS} characters; any script is printable`, () => {
    expect(problemsOfRaw(edit((d) => (d.sites[0].id = 'x'.repeat(MAX_ID_CHARS + 1))))[0]).toMatch(
      new RegExp(`^sites\\[0\\]\\.id: must have at most ${MAX_ID_CHARS} characters`),
    );
    const doc = edit((d) => {
      d.sites[0].id = 'Zürich 東京 ─ α';
      d.routes[0].between[0] = 'Zürich 東京 ─ α';
    });
    expect(validateScenario(doc).sites[0]!.id).toBe('Zürich 東京 ─ α');
  });
});
