/**
 * Where `configs/default.yaml` is: the template whose hazards, job and schemes an
 * import copies unless `--template` names another. Found by walking up from this module
 * to the package root, since the source runs from src/import/ (tests) and the build from
 * dist/src/import/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultTemplatePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'configs', 'default.yaml');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find configs/default.yaml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
