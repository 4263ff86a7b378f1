/**
 * What `scale-across trace` prints: the event table of one trial under one scheme —
 * the network's cuts and repairs (route and cause) merged in time order with the job's
 * reactions (state, progress, last checkpoint) — then the trial's outcome.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { PHASE_NAMES, type JobEvent, type JobTracer } from '../../model/job-replay.js';
import { METRICS, METRIC_COUNT, METRIC_UNIT, STATUSES } from '../../model/metrics.js';
import {
  ENTRY_CUT,
  ENTRY_END,
  ENTRY_REGIONAL_HIT,
  ENTRY_REGIONAL_REPAIR,
  ENTRY_REPAIR,
} from '../../model/network-timeline.js';
import type { TrialRunner } from '../../model/trial-runner.js';
import { formatTable, trim } from './table.js';

interface JobRow {
  t: number;
  event: JobEvent;
  phase: number;
  rate: number;
  progress: number;
  lastCheckpoint: number;
}

const JOB_EVENT_TEXT: Record<JobEvent, string> = {
  stall: 'job stalls (a required pair is disconnected)',
  resume: 'job resumes',
  rate: 'progress rate changes',
  'crash-network': 'job crashes: stall reached the collective timeout',
  'crash-background': 'job crashes: background interruption',
  recovered: 'recovery done; waiting for the network',
  'network-back': 'network whole again',
  'network-down': 'network partitioned',
  'restart-begin': 'restart begins',
  'restart-end': 'restart done',
  done: 'job done',
  censored: 'horizon reached: job censored',
};

function hours(t: number): string {
  return t.toFixed(4);
}

export function traceReport(compiled: CompiledScenario, runner: TrialRunner, trial: number, scheme: number): string {
  const { scenario, exposure } = compiled;
  const jobRows: JobRow[] = [];
  const tracer: JobTracer = {
    record(t, event, phase, rate, progress, lastCheckpoint) {
      jobRows.push({ t, event, phase, rate, progress, lastCheckpoint });
    },
  };
  const values = new Float64Array(METRIC_COUNT);
  const status = runner.trace(trial, scheme, tracer, values);
  const end = values[0]!;
  const timeline = runner.timeline;

  const rows: string[][] = [];
  let state = 'running';
  let progress = '0';
  let checkpoint = '0';
  let j = 0;
  const flushJobRowsUntil = (t: number, inclusive: boolean) => {
    while (j < jobRows.length && (jobRows[j]!.t < t || (inclusive && jobRows[j]!.t === t))) {
      const r = jobRows[j++]!;
      state = PHASE_NAMES[r.phase]! + (r.rate === 0 && r.phase <= 2 ? ' (paused)' : r.rate < 1 ? ` (rate ${trim(r.rate)})` : '');
      progress = trim(r.progress, 6);
      checkpoint = trim(r.lastCheckpoint, 6);
      rows.push([hours(r.t), JOB_EVENT_TEXT[r.event], '', state, progress, checkpoint]);
    }
  };
  for (let i = 0; i < timeline.length; i++) {
    const t = timeline.time[i]!;
    const kind = timeline.kind[i]!;
    if (kind === ENTRY_END || t > end) break;
    flushJobRowsUntil(t, false);
    const subject = timeline.subject[i]!;
    const cause = timeline.cause[i]!;
    let what = '';
    let where = '';
    switch (kind) {
      case ENTRY_CUT:
        what = 'cut';
        where = `${exposure.units[subject]!.label} by ${exposure.causes[cause]}`;
        break;
      case ENTRY_REPAIR:
        what = 'repaired';
        where = `${exposure.units[subject]!.label} (${exposure.causes[cause]})`;
        break;
      case ENTRY_REGIONAL_HIT:
        what = `regional hit: ${exposure.regional[cause]!.id}`;
        where = `${exposure.targets[subject]!.label} by ${exposure.regional[cause]!.cause}`;
        break;
      case ENTRY_REGIONAL_REPAIR:
        what = 'repaired';
        where = `${exposure.targets[subject]!.label} (${exposure.regional[cause]!.cause})`;
        break;
    }
    const downRoutes = compiled.topology.routeIds.filter((_, r) => timeline.isDown(i, r));
    rows.push([hours(t), what, `${where}; down: ${downRoutes.join(', ') || 'none'}`, state, progress, checkpoint]);
  }
  flushJobRowsUntil(Infinity, true);

  const head = `Trial ${trial}, scheme ${scenario.schemes[scheme]!.id} (${scenario.schemes[scheme]!.kind}): ${
    STATUSES[status]
  } after ${trim(end, 6)} h`;
  const table = formatTable(
    [
      { header: 'time h', align: 'right' },
      { header: 'event' },
      { header: 'route and cause' },
      { header: 'job state' },
      { header: 'progress h', align: 'right' },
      { header: 'last ckpt h', align: 'right' },
    ],
    rows,
  );
  const outcome = METRICS.map((m, i) => `${m} ${trim(values[i]!, 6)}${METRIC_UNIT[m] === 'h' || METRIC_UNIT[m] === 'MWh' ? ` ${METRIC_UNIT[m]}` : ''}`);
  return [head, '', table, '', `Outcome: ${outcome.join(', ')}`].join('\n');
}
