/**
 * The report builder's escaping, without a browser: the embedded JSON cannot close its
 * script element and parses back to the same data; a bundle that could is refused.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../src/output/report/report-html.js';

const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>&\u2028';

describe('report HTML escaping', () => {
  it('JSON for a script element has no <, > or & and parses back to the same value', () => {
    const value = { scheme: HOSTILE, nested: [HOSTILE, 1.5, null] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('escapeHtml leaves no markup characters', () => {
    expect(escapeHtml(HOSTILE)).not.toMatch(/[<>"']/);
    expect(escapeHtml('a & b')).toBe('a &#38; b');
  });
});
