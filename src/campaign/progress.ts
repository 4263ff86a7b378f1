/**
 * Progress on stderr while a campaign runs (README.md#commands): a bar with trials/s and ETA on
 * a terminal, a plain line every few seconds otherwise (logs, CI), nothing with
 * --quiet.
 */
import { createRequire } from 'node:module';
import type cliProgressTypes from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const LINE_INTERVAL_MS = 5000;

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}min`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

export function createProgress(total: number, startDone: number, quiet: boolean, label: string): Progress {
  if (quiet) return { update() {}, stop() {} };
  const started = performance.now();
  const rate = (done: number) => (done - startDone) / Math.max(1e-3, (performance.now() - started) / 1000);
  if (process.stderr.isTTY) {
    // Required only for a terminal: shard tasks, logs and --quiet runs start without it.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof cliProgressTypes;
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} {bar} {percentage}% | {value}/{total} trials | {speed} trials/s | ETA {eta_text}`,
        stream: process.stderr,
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, startDone, { speed: '0', eta_text: '?' });
    return {
      update(done) {
        const r = rate(done);
        bar.update(done, { speed: Math.round(r).toLocaleString('en-US'), eta_text: eta((total - done) / r) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let lastLine = performance.now();
  return {
    update(done) {
      const now = performance.now();
      if (now - lastLine < LINE_INTERVAL_MS && done < total) return;
      lastLine = now;
      const r = rate(done);
      process.stderr.write(
        `${label}: ${((100 * done) / total).toFixed(1)}% (${done}/${total} trials), ${Math.round(r)} trials/s, ETA ${eta((total - done) / r)}\n`,
      );
    },
    stop() {},
  };
}
