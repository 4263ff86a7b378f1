// `npm start` builds only when something the build reads changed since the last
// successful build (its stamp, written by post-build.mjs): right after `npm ci` (which
// builds) it starts at once instead of spending 15 s recompiling. `npm test` and
// `npm run build` always build (incrementally), so tests always see the current sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist/.build-stamp');
const INPUTS = ['src', 'workers', 'bench', 'tsconfig.json', 'package.json', 'package-lock.json', 'scripts'];

/** The newest modification time under a file or folder (0 if absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
const changed = Math.max(...INPUTS.map((input) => newest(join(root, input))));
if (changed >= built) {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
