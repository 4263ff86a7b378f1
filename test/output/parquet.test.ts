/**
 * `--format arrow,parquet`: every result file also as Parquet, read back by DuckDB (as
 * a dashboard would) and by arrow-rs, and compared with the Arrow files value by value:
 * every column of summary, comparison, histograms and causes; the row count and sums
 * of trials; the column types and the scale_across metadata.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { type Table, Type, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_GROUP_ROWS, convertArrowFile } from '../../src/output/parquet/write-parquet.js';
import { CLI, REPO, cli } from '../report/report-fixtures.js';

const out = mkdtempSync(join(tmpdir(), 'scale-across-parquet-'));
let db: DuckDBConnection;
const arrow = (name: string): Table => tableFromIPC(readFileSync(join(out, `${name}.arrow`)));
const sql = async (query: string) => (await db.runAndReadAll(query)).getRowObjectsJS();

/** A DuckDB value as arrow JS gives it (DuckDB's UINTEGER is a number, so is DOUBLE; NaN/±Inf survive). */
const same = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) || a === b : a === b);

/** `scale-across <args>`'s stderr (cli() gives its stdout). */
function stderrOf(args: string[]): string {
  const p = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`scale-across ${args.join(' ')} failed (${p.status}): ${p.stderr}`);
  return p.stderr;
}
let quietStderr: string;

beforeAll(async () => {
  quietStderr = stderrOf(['run', 'configs/default.yaml', '--trials', '3000', '--workers', '1', '--quiet', '--format', 'arrow,parquet', '--out', out]);
  db = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Parquet next to Arrow', () => {
  for (const name of ['summary', 'comparison', 'histograms', 'causes']) {
    it(`${name}.parquet holds the same values as ${name}.arrow, column by column (DuckDB)`, async () => {
      const table = arrow(name);
      const rows = await sql(`SELECT * FROM '${join(out, `${name}.parquet`)}'`);
      expect(rows.length).toBe(table.numRows);
      for (const field of table.schema.fields) {
        const column = table.getChild(field.name)!;
        for (let i = 0; i < table.numRows; i++) {
          const expected: unknown = column.get(i);
          const actual = rows[i]![field.name];
          if (!same(actual, expected)) throw new Error(`${name}.${field.name}[${i}]: parquet ${String(actual)}, arrow ${String(expected)}`);
        }
      }
    });
  }

  it('trials.parquet has every row, the same sums and the same types', async () => {
    const trials = arrow('trials');
    const path = join(out, 'trials.parquet');
    const [row] = await sql(`SELECT count(*)::DOUBLE AS n, sum(jct_h) AS jct, sum(cuts)::DOUBLE AS cuts, sum(trial)::DOUBLE AS trial, count(DISTINCT scheme)::DOUBLE AS schemes FROM '${path}'`);
    let jct = 0;
    let cuts = 0;
    let trial = 0;
    for (let i = 0; i < trials.numRows; i++) {
      jct += trials.getChild('jct_h')!.get(i) as number;
      cuts += trials.getChild('cuts')!.get(i) as number;
      trial += trials.getChild('trial')!.get(i) as number;
    }
    expect(row!.n).toBe(trials.numRows);
    expect(row!.jct).toBeCloseTo(jct, 6);
    expect(row!.cuts).toBe(cuts);
    expect(row!.trial).toBe(trial);
    expect(row!.schemes).toBe(5);
    const types = Object.fromEntries((await sql(`DESCRIBE SELECT * FROM '${path}'`)).map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({ trial: 'UINTEGER', scheme: 'VARCHAR', status: 'VARCHAR', jct_h: 'DOUBLE', cuts: 'UINTEGER' });
    // Row groups of ROW_GROUP_ROWS rows: streamed, never whole.
    const [groups] = await sql(`SELECT count(DISTINCT row_group_id)::DOUBLE AS n FROM parquet_metadata('${path}')`);
    expect(groups!.n).toBe(Math.ceil(trials.numRows / ROW_GROUP_ROWS));
  });

  it('dictionary-encodes exactly the Arrow dictionary columns and Snappy-compresses every column', async () => {
    // Dictionary encoding of the float metrics cost most of the writer's time for a larger
    // file (see writerProperties); the string ids keep theirs.
    const path = join(out, 'trials.parquet');
    const chunks = await sql(`SELECT DISTINCT path_in_schema AS name, compression, encodings FROM parquet_metadata('${path}')`);
    const dictionary = arrow('trials').schema.fields.filter((f) => f.typeId === Type.Dictionary).map((f) => f.name);
    expect(dictionary).toEqual(['scheme', 'status']);
    expect(chunks.filter((c) => String(c.encodings).includes('DICTIONARY')).map((c) => c.name).sort()).toEqual(dictionary);
    expect(new Set(chunks.map((c) => c.compression))).toEqual(new Set(['SNAPPY']));
  });

  it('keeps min/max per row group on the integer and id columns, where they prune, and not on the float metrics', async () => {
    // A float metric's row group spans nearly its whole range: min/max rule nothing out,
    // and computing them was a fifth of the encoder's CPU (see writerProperties).
    const trials = arrow('trials');
    const chunks = await sql(`SELECT row_group_id::DOUBLE AS g, path_in_schema AS name, stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${join(out, 'trials.parquet')}')`);
    expect(chunks.length).toBe(trials.schema.fields.length * Math.ceil(trials.numRows / ROW_GROUP_ROWS));
    for (const { g, name, lo, hi } of chunks) {
      const field = trials.schema.fields.find((f) => f.name === name)!;
      if (field.typeId === Type.Float) {
        expect([lo, hi], `${String(name)} (float)`).toEqual([null, null]);
        continue;
      }
      expect(lo, `${String(name)} min`).not.toBeNull();
      if (field.typeId !== Type.Int) continue;
      // The oracle: the Arrow column's min and max over the row group's rows.
      const column = trials.getChild(field.name)!;
      let min = Infinity;
      let max = -Infinity;
      for (let i = Number(g) * ROW_GROUP_ROWS; i < Math.min(trials.numRows, (Number(g) + 1) * ROW_GROUP_ROWS); i++) {
        const v = column.get(i) as number;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect([lo, hi], `${String(name)} in row group ${String(g)}`).toEqual([String(min), String(max)]);
    }
  });

  it('writes nothing on stderr with --quiet, the `wrote` lines included; without it, one per Parquet file', () => {
    expect(quietStderr).toBe('');
    const loud = stderrOf(['run', 'configs/default.yaml', '--trials', '500', '--workers', '1', '--format', 'arrow,parquet', '--out', join(out, 'loud')]);
    for (const name of ['summary', 'comparison', 'histograms', 'causes', 'trials']) expect(loud).toContain(`wrote ${join(out, 'loud', `${name}.parquet`)}\n`);
  });

  it('keeps the Arrow schema: dictionary strings, uint32, the scale_across and unit metadata', async () => {
    const [kv] = await sql(`SELECT decode(value) AS v FROM parquet_kv_metadata('${join(out, 'summary.parquet')}') WHERE decode(key) = 'scale_across.seed'`);
    expect(kv!.v).toBe(arrow('summary').schema.metadata.get('scale_across.seed'));
    // arrow-rs reads the stored Arrow schema back: the same fields, types and metadata as the .arrow file.
    const pq = createRequire(import.meta.url)('parquet-wasm/node') as typeof import('parquet-wasm/node');
    const back = tableFromIPC(pq.readParquet(readFileSync(join(out, 'trials.parquet'))).intoIPCStream());
    const original = arrow('trials').schema;
    expect(back.schema.fields.map((f) => `${f.name}:${String(f.type)}:${JSON.stringify([...f.metadata])}`)).toEqual(
      original.fields.map((f) => `${f.name}:${String(f.type)}:${JSON.stringify([...f.metadata])}`),
    );
    expect(back.schema.metadata.get('scale_across.scenario')).toBe(original.metadata.get('scale_across.scenario'));
  });

  it('streams trials.parquet during the campaign to the same bytes whatever the worker count, and the same rows as trials.arrow', async () => {
    // 30 000 trials: four record batches of trials.arrow, each posted to the Parquet
    // thread as the merge wrote it, and two row groups.
    const one = join(out, 'w1');
    const two = join(out, 'w2');
    for (const [dir, workers] of [[one, '1'], [two, '2']] as const)
      cli(['run', 'configs/default.yaml', '--trials', '30000', '--workers', workers, '--shard-size', workers === '1' ? '4096' : '1024', '--quiet', '--format', 'arrow,parquet', '--out', dir]);
    const parquets = readdirSync(one).filter((f) => f.endsWith('.parquet')).sort();
    expect(parquets).toEqual(['causes.parquet', 'comparison.parquet', 'histograms.parquet', 'summary.parquet', 'trials.parquet']);
    for (const f of parquets) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
    const streamed = join(one, 'trials.parquet');
    const [groups] = await sql(`SELECT count(DISTINCT row_group_id)::DOUBLE AS n FROM parquet_metadata('${streamed}')`);
    expect(groups!.n).toBe(Math.ceil((30000 * 5) / ROW_GROUP_ROWS));
    expect(groups!.n).toBe(2);
    // The same rows as a conversion of the finished trials.arrow (the Arrow file is the oracle).
    const converted = join(out, 'converted.parquet');
    await convertArrowFile(join(one, 'trials.arrow'), converted);
    const [diff] = await sql(
      `SELECT (SELECT count(*) FROM (SELECT * FROM '${streamed}' EXCEPT ALL SELECT * FROM '${converted}'))::DOUBLE AS extra,
              (SELECT count(*) FROM (SELECT * FROM '${converted}' EXCEPT ALL SELECT * FROM '${streamed}'))::DOUBLE AS missing,
              (SELECT count(*) FROM '${streamed}')::DOUBLE AS n`,
    );
    expect(diff).toEqual({ extra: 0, missing: 0, n: 30000 * 5 });
    // And the same bytes: the same batches, writer settings and metadata order.
    expect(readFileSync(converted).equals(readFileSync(streamed))).toBe(true);
  });

  it('writes the same bytes for the same file whatever was written before (key-value metadata in key order)', async () => {
    // parquet-wasm's key order follows a hash seed that moves with every map it makes:
    // converting summary.arrow before and after trials.arrow gave other bytes.
    const before = join(out, 'before.parquet');
    const after = join(out, 'after.parquet');
    await convertArrowFile(join(out, 'summary.arrow'), before);
    await convertArrowFile(join(out, 'trials.arrow'), join(out, 'between.parquet'));
    await convertArrowFile(join(out, 'summary.arrow'), after);
    expect(readFileSync(after).equals(readFileSync(before))).toBe(true);
    const keys = (await sql(`SELECT decode(key) AS k FROM parquet_kv_metadata('${after}')`)).map((r) => String(r.k));
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(expect.arrayContaining(['ARROW:schema', 'scale_across.seed', 'scale_across.scenario']));
  });

  it('commits the .parquet files with the Arrow files: a later run without parquet removes them', () => {
    const dir = join(out, 'stale');
    cli(['run', 'configs/default.yaml', '--trials', '1000', '--workers', '1', '--quiet', '--format', 'arrow,parquet', '--out', dir]);
    expect(existsSync(join(dir, 'trials.parquet'))).toBe(true);
    cli(['run', 'configs/default.yaml', '--trials', '1000', '--seed', '7', '--workers', '1', '--quiet', '--overwrite', '--out', dir]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.parquet') || f.startsWith('.'))).toEqual([]);
  });
});
