/**
 * A deployment mix (fractions of a route buried, aerial, in conduit, submarine; sum 1),
 * from `--deployment buried=0.8,aerial=0.2` or a GeoJSON property.
 */
import { ImportError } from './import-error.js';

export const DEPLOYMENT_KINDS = ['buried', 'aerial', 'conduit', 'submarine'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];
export type Deployment = Readonly<Partial<Record<DeploymentKind, number>>>;

/** Same slack as the scenario loader: 0.7 + 0.2 + 0.1 is not exactly 1 in binary. */
const SUM_TOLERANCE = 1e-9;

/**
 * @example parseDeployment('buried=0.8,aerial=0.2', '--deployment') // { buried: 0.8, aerial: 0.2 }
 * @throws {ImportError} naming `at` for an unknown kind, a bad fraction or a sum other than 1.
 */
export function parseDeployment(text: string, at: string): Deployment {
  const mix: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const [kind, value, ...extra] = part.split('=').map((word) => word.trim());
    if (!kind || value === undefined || value === '' || extra.length > 0) {
      throw new ImportError(`${at}: expected kind=fraction pairs such as buried=0.8,aerial=0.2, got "${part.trim()}"`);
    }
    if (kind in mix) throw new ImportError(`${at}: "${kind}" given twice`);
    const fraction = Number(value);
    if (!Number.isFinite(fraction)) throw new ImportError(`${at}.${kind}: must be a fraction in [0, 1], got "${value}"`);
    mix[kind] = fraction;
  }
  return checkDeployment(mix, at);
}

export function checkDeployment(mix: Record<string, unknown>, at: string): Deployment {
  const result: Partial<Record<DeploymentKind, number>> = {};
  for (const [kind, value] of Object.entries(mix)) {
    if (!(DEPLOYMENT_KINDS as readonly string[]).includes(kind)) {
      throw new ImportError(`${at}: unknown deployment "${kind}" (known: ${DEPLOYMENT_KINDS.join(', ')})`);
    }
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new ImportError(`${at}.${kind}: must be a fraction in [0, 1], got ${JSON.stringify(value)}`);
    }
    result[kind as DeploymentKind] = value;
  }
  const sum = Object.values(result).reduce((total, value) => total + value, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new ImportError(`${at}: fractions must sum to 1, got ${Number(sum.toPrecision(12))}`);
  }
  return result;
}
