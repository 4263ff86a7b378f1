/**
 * Ids (sites, junctions, routes, SRLGs, regions, causes, regional events, schemes) are
 * labels printed in tables and messages: printable text of bounded length. A control
 * character (ESC, BEL, a newline), a format character (the bidirectional override
 * U+202E, zero-width joiners) or a line separator would let a scenario file forge table
 * rows or drive the terminal, so they are refused here rather than trusted later.
 */
import * as z from 'zod';
import { MAX_ID_CHARS } from './limits.js';

/** No character of Unicode's "Other" categories (Cc, Cf, Cs, Co, Cn) or Zl / Zp. */
export const PRINTABLE = /^[^\p{C}\p{Zl}\p{Zp}]*$/u;

export const PRINTABLE_RULE = 'must be printable text (no control, format, bidirectional or line-break characters)';

export const id = z.string().min(1).max(MAX_ID_CHARS).regex(PRINTABLE, PRINTABLE_RULE);
