/**
 * Input echoed to the terminal is escaped in one place (terminal-text.ts), used by the
 * table renderer and the error messages: no control, format or line-break character
 * of an id, value or path reaches the terminal as itself.
 */
import { describe, expect, test } from 'vitest';
import { ScenarioError } from '../../src/config/scenario-error.js';
import { UserError } from '../../src/cli/user-error.js';
import { formatTable } from '../../src/output/text/table.js';
import { terminalLines, terminalText } from '../../src/output/text/terminal-text.js';

/** Every character a terminal would act on rather than show. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/u;

describe('terminalText', () => {
  test.each([
    ['ESC and an OSC title sequence ended by BEL', 'a\u001b]0;pwned\u0007b', 'a\\x1b]0;pwned\\x07b'],
    ['a newline and a carriage return', 'a\nb\rc', 'a\\nb\\rc'],
    ['a C1 CSI', 'a\u009b2J', 'a\\x9b2J'],
    ['a bidirectional override and isolate', 'x\u202ey\u2066z', 'x\\u202ey\\u2066z'],
    ['a zero-width space and a line separator', 'a\u200bb\u2028c', 'a\\u200bb\\u2028c'],
    ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ])('%s', (_, raw, shown) => {
    expect(terminalText(raw)).toBe(shown);
    expect(terminalText(raw)).not.toMatch(ACTIVE);
  });

  test('printable text of any script passes unchanged, and escaping twice changes nothing', () => {
    const text = 'Zürich–東京 ─ α β "q" \\x1b';
    expect(terminalText(text)).toBe(text);
    const once = terminalText('a\u001bb');
    expect(terminalText(once)).toBe(once);
  });

  test('terminalLines keeps the lines, escaping each', () => {
    expect(terminalLines('one\u0007\ntwo\u202e')).toBe('one\\x07\ntwo\\u202e');
  });
});

test('a table cell with a newline stays one row; an ESC in a header is shown, not obeyed', () => {
  const table = formatTable([{ header: 'id\u001b[31m' }, { header: 'n', align: 'right' }], [['a\nb  forged  row', '1'], ['c', '22']]);
  const lines = table.split('\n');
  expect(lines).toHaveLength(4); // header, rule, two rows
  // Widths count the escaped text: the first column is as wide as `a\nb  forged  row` (17).
  expect(lines[0]).toBe(`${'id\\x1b[31m'.padEnd(17)}   n`);
  expect(lines[2]).toBe('a\\nb  forged  row   1');
  for (const line of lines) expect(line).not.toMatch(ACTIVE);
});

test('error messages escape what they quote: a ScenarioError per line, its source too, and a UserError', () => {
  const error = new ScenarioError(['sites[0].id: bad, got "a\u001b]0;x\u0007"', 'second'], 'conf\u202eig.yaml');
  expect(error.message).toBe('conf\\u202eig.yaml: sites[0].id: bad, got "a\\x1b]0;x\\x07"\nconf\\u202eig.yaml: second');
  expect(new UserError('--out a\u001bb: no').message).toBe('--out a\\x1bb: no');
});
