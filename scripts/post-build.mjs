// Makes the CLI entry executable after tsc (npm links bin files but a fresh build loses the mode bit).
import { chmodSync, existsSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
