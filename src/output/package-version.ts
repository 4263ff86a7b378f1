/**
 * The version of scale-across, stamped into every result file and manifest. Read once
 * at module load from the package's own package.json, found by walking up from this
 * module: the source runs from src/output/ (vitest) and the build from dist/src/output/,
 * so a fixed relative path would be right in only one of them.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'scale-across';

function findPackage(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return { root: dir, version: pkg.version };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

const found = findPackage();

/** `version` of scale-across's package.json, e.g. '0.1.0'. */
export const PACKAGE_VERSION: string = found.version;

/** The folder holding scale-across's package.json (build artefacts are under its dist/). */
export const PACKAGE_ROOT: string = found.root;
