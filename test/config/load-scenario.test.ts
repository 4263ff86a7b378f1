/** Files and YAML text: every failure a ScenarioError naming the source. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../../src/config/load-scenario.js';
import { ScenarioError } from '../../src/config/scenario-error.js';
import { problemsOf } from '../support/config-problems.js';

const VALID = `
name: pair
sites: [{ id: dc-a, gpus: 8 }, { id: dc-b, gpus: 8 }]
routes:
  - { id: a-b, between: [dc-a, dc-b], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10 }
job: { work: 10d, checkpoint: { interval: 1h } }
`;

function errorOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('files', () => {
  test('a missing file is named', () => {
    const error = errorOf(() => loadScenarioFile('configs/x.yaml'));
    expect(error.message).toBe('cannot read configs/x.yaml: no such file');
  });

  test('a directory is not a file', () => {
    expect(problemsOf(() => loadScenarioFile(tmpdir()))).toEqual([`cannot read ${tmpdir()}: is a directory`]);
  });

  test('a valid file loads, and overrides apply before validation', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'scale-across-')), 'pair.yaml');
    writeFileSync(path, VALID);
    expect(loadScenarioFile(path).job.work).toBe(240);
    expect(loadScenarioFile(path, [['job.work', '20d']]).job.work).toBe(480);
  });

  test('validation problems carry the file name in the message, not in each problem', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'scale-across-')), 'bad.yaml');
    writeFileSync(path, VALID.replace('length_km: 100', 'length_km: -5').replace('name: pair', 'name: Pair'));
    const error = errorOf(() => loadScenarioFile(path));
    expect(error.problems).toEqual([
      'name: must match [a-z0-9-]+ (it names the output folder), got "Pair"',
      'routes[0].length_km: must be > 0, got -5',
    ]);
    expect(error.source).toBe(path);
    expect(error.message).toBe(error.problems.map((p) => `${path}: ${p}`).join('\n'));
  });
});

describe('YAML', () => {
  test('broken YAML names the file, line and column', () => {
    const text = 'name: pair\njob:\n  work: 1d\n checkpoint: { interval: 1h }\n';
    const error = errorOf(() => parseScenarioText(text, 'configs/broken.yaml'));
    expect(error.problems).toEqual(['line 4, column 1: All mapping items must start at the same column']);
    expect(error.message).toBe('configs/broken.yaml: line 4, column 1: All mapping items must start at the same column');
  });

  test('a key written twice is an error, not last-one-wins', () => {
    expect(problemsOf(() => parseScenarioText('name: a\nname: b\n', 'dup.yaml'))).toEqual([
      'line 2, column 1: Map keys must be unique',
    ]);
  });

  test('a billion-laughs document fails cleanly', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problemsOf(() => parseScenarioText(lines.join('\n'), 'lol.yaml'))).toEqual([
      'too many YAML alias expansions (more than 100): a "billion laughs" document?',
    ]);
  });

  test('a few aliases are fine', () => {
    const text = VALID.replace('deployment: { buried: 1 }', 'deployment: &buried { buried: 1 }') +
      'srlgs: [{ id: duct, length_km: 1, deployment: *buried }]\n';
    expect(parseScenarioText(text, 'alias.yaml').srlgs[0]?.deployment.buried).toBe(1);
  });

  test.each([
    ['', 'the file is empty: expected a mapping with name, sites, job, …'],
    ['# only a comment\n', 'the file is empty: expected a mapping with name, sites, job, …'],
    ['- a\n- b\n', 'the document must be a mapping with name, sites, job, …, got a list'],
    ['just text\n', 'the document must be a mapping with name, sites, job, …, got "just text"'],
  ])('a non-mapping document %j', (text, problem) => {
    expect(problemsOf(() => parseScenarioText(text, 'x.yaml'))).toEqual([problem]);
  });
});
