/**
 * The scenario keys a GeoJSON feature may set on its route, checked one by one so that
 * a bad value is reported with the feature it came from. Values are kept in the
 * scenario file's own spelling; the scenario loader checks them again in context.
 */
import { ImportError } from './import-error.js';
import { checkDeployment, type Deployment } from './deployment.js';

export type Fiber = 'smf' | 'hollow-core' | { readonly us_per_km: number };

export interface RouteProperties {
  readonly id?: string;
  readonly deployment?: Deployment;
  readonly capacity_tbps?: number;
  readonly fiber?: Fiber;
  readonly srlgs?: readonly string[];
  readonly regions?: readonly string[];
}

/** The keys read from a feature; any other property (name, operator, …) is ignored. */
export const ROUTE_KEYS = ['id', 'deployment', 'capacity_tbps', 'fiber', 'srlgs', 'regions'] as const;

/**
 * @param at names the feature in messages, e.g. `features[3].properties`
 * @throws {ImportError} e.g. `features[3].properties.capacity_tbps: must be a number > 0, got "fast"`.
 */
export function readRouteProperties(properties: Record<string, unknown>, at: string): RouteProperties {
  const result: { -readonly [K in keyof RouteProperties]: RouteProperties[K] } = {};
  const { id, deployment, capacity_tbps, fiber, srlgs, regions } = properties;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'string' || id.trim() === '') throw bad(`${at}.id`, 'a non-empty string', id);
    result.id = id;
  }
  if (deployment !== undefined) {
    if (typeof deployment !== 'object' || deployment === null || Array.isArray(deployment)) {
      throw bad(`${at}.deployment`, 'a mapping such as {"buried": 0.8, "aerial": 0.2}', deployment);
    }
    result.deployment = checkDeployment(deployment as Record<string, unknown>, `${at}.deployment`);
  }
  if (capacity_tbps !== undefined) {
    if (typeof capacity_tbps !== 'number' || !(capacity_tbps > 0) || !Number.isFinite(capacity_tbps)) {
      throw bad(`${at}.capacity_tbps`, 'a number > 0', capacity_tbps);
    }
    result.capacity_tbps = capacity_tbps;
  }
  if (fiber !== undefined) result.fiber = readFiber(fiber, `${at}.fiber`);
  if (srlgs !== undefined) result.srlgs = readIds(srlgs, `${at}.srlgs`);
  if (regions !== undefined) result.regions = readIds(regions, `${at}.regions`);
  return result;
}

/** `smf`, `hollow-core` or `{us_per_km: x}` with x > 0. */
export function readFiber(value: unknown, at: string): Fiber {
  if (value === 'smf' || value === 'hollow-core') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { us_per_km: usPerKm, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length === 0 && typeof usPerKm === 'number' && usPerKm > 0 && Number.isFinite(usPerKm)) {
      return { us_per_km: usPerKm };
    }
  }
  throw bad(at, 'smf, hollow-core or {"us_per_km": x} with x > 0', value);
}

function readIds(value: unknown, at: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw bad(at, 'a list of non-empty strings', value);
  }
  return value as string[];
}

function bad(at: string, expected: string, got: unknown): ImportError {
  return new ImportError(`${at}: must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
}
