// After tsc: makes the CLI entry executable (npm links bin files but a fresh build loses
// the mode bit), and stamps the build so `npm start` can tell it is current
// (scripts/build-if-stale.mjs).
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
writeFileSync(new URL('../dist/.build-stamp', import.meta.url), `${new Date().toISOString()}\n`);
