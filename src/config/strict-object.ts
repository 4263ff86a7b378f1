/**
 * Every mapping of a scenario file is strict: a typo (`job.step.computee`) must be an
 * error, never a silently ignored key that leaves a default in place (docs/model.md#scenario). The
 * message lists the valid keys so the typo is easy to fix.
 */
import * as z from 'zod';

export function strictObject<const Shape extends z.ZodRawShape>(shape: Shape) {
  const valid = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key (valid keys: ${valid})` : undefined),
  });
}
