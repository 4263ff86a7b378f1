/**
 * docs/model.md#randomness, #results: a campaign's result files are a pure function of (scenario, seed,
 * trials), byte for byte: whatever the worker count, the shard size, or a re-run.
 *
 * 10 000 trials: more than one trials.arrow record batch (8192 trials each, see
 * src/campaign/trials-feed.ts), so shard boundaries (1024, 3072, 4096) and batch
 * boundaries differ, and the re-cutting into fixed batches is what makes bytes match.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignSandbox, runOk } from '../support/cli.js';
import { ARROW_FILES, hashes, readArrow, readManifest, sha256 } from '../support/result-files.js';

const TRIALS = '10000';
const box = campaignSandbox();

describe('determinism across workers and sharding', () => {
  const variants: Record<string, string[]> = {
    'workers 1': ['--workers', '1'],
    'workers 2': ['--workers', '2'], // default shard size here: 1024 trials
    'workers 8': ['--workers', '8'],
    'workers 1, shard 4096': ['--workers', '1', '--shard-size', '4096'],
    'workers 3, shard 3072': ['--workers', '3', '--shard-size', '3072'], // shard [6144, 9216) straddles the batch edge at 8192
  };
  const digests: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    // Two at a time: the machine has few cores, and workers compete anyway.
    const names = Object.keys(variants);
    for (let i = 0; i < names.length; i += 2) {
      await Promise.all(
        names.slice(i, i + 2).map(async (name) => {
          const out = box.out(name.replace(/[^a-z0-9]+/g, '-'));
          await runOk(['run', box.config, '--trials', TRIALS, '--out', out, '--quiet', ...variants[name]!]);
          digests[name] = hashes(out);
        }),
      );
    }
  });

  it('gives byte-identical trials/summary/histograms/comparison files for --workers 1, 2, 8 and --shard-size 1024 (the default here), 3072, 4096', () => {
    const reference = digests['workers 1']!;
    for (const [name, digest] of Object.entries(digests)) expect(digest, name).toEqual(reference);
    // And the files are real: 10 000 trials × 4 schemes, in two record batches.
    const trials = readArrow(join(box.out('workers-1'), 'trials.arrow'));
    expect(trials.numRows).toBe(40_000);
    expect(trials.batches.map((b) => b.numRows)).toEqual([8192 * 4, (10_000 - 8192) * 4]);
  });
});

describe('determinism across runs and seeds', () => {
  it('the same --seed twice (a fresh folder, then a re-run over a complete one) gives identical files; another --seed gives a different summary', async () => {
    const a = box.out('seed-a');
    const b = box.out('seed-b');
    const c = box.out('seed-c');
    const common = ['--trials', '1024', '--workers', '1', '--quiet'];
    await Promise.all([
      runOk(['run', box.config, '--seed', '7', '--out', a, ...common]),
      runOk(['run', box.config, '--seed', '7', '--out', b, ...common]),
    ]);
    const first = hashes(a);
    expect(hashes(b)).toEqual(first);
    expect(readManifest(a).seed).toBe(7);

    // Re-running into the complete folder `a` (with --overwrite) starts over and rewrites the same bytes,
    // while another seed into `c` gives other numbers.
    await Promise.all([
      runOk(['run', box.config, '--seed', '7', '--out', a, '--overwrite', ...common]),
      runOk(['run', box.config, '--seed', '8', '--out', c, ...common]),
    ]);
    expect(hashes(a)).toEqual(first);

    for (const file of ARROW_FILES) expect(sha256(join(c, file)), file).not.toBe(first[file]);
    const jctMean = (dir: string) => {
      const s = readArrow(join(dir, 'summary.arrow'));
      const rows = s.toArray().filter((r) => r.scheme === 'unprotected' && r.metric === 'jct_h');
      expect(rows).toHaveLength(1);
      return rows[0]!.mean as number;
    };
    expect(jctMean(c)).not.toBe(jctMean(a));
    expect(readArrow(join(c, 'summary.arrow')).schema.metadata.get('scale_across.seed')).toBe('8');
    expect(readArrow(join(a, 'summary.arrow')).schema.metadata.get('scale_across.seed')).toBe('7');
  });
});
