/**
 * What `scale-across trace` prints: the event table of one trial under one scheme —
 * the network's cuts and repairs (route and cause) merged in time order with the job's
 * reactions (state, progress, last checkpoint) — then the trial's outcome.
 *
 * A network row shows the job as it is just before that instant (replayed up to it):
 * its reaction, if any, follows at the same time. With `networkOnly`, background
 * interruptions and the restarts that follow them are left out, so that what the
 * network does to the job stands out.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { PHASE_NAMES, type JobEvent, type JobTracer } from '../../model/job-state.js';
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

function jobState(r: Pick<JobRow, 'phase' | 'rate'>): string {
  // The rate means something only in the active phases (running, writing, restarting).
  if (r.phase > 2) return PHASE_NAMES[r.phase]!;
  return PHASE_NAMES[r.phase]! + (r.rate === 0 ? ' (paused)' : r.rate < 1 ? ` (rate ${trim(r.rate)})` : '');
}

export interface TraceOptions {
  /** Only the network's events and the job's reactions to them. */
  readonly networkOnly?: boolean;
}

export function traceReport(compiled: CompiledScenario, runner: TrialRunner, trial: number, scheme: number, options: TraceOptions = {}): string {
  const { scenario, exposure } = compiled;
  // First: it plays every scheme, and the trace below reads the timeline its own replay leaves.
  const weight = scenario.rareEvents === undefined ? null : runner.weight(trial);
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

  // The job just before instant t: the `censored` row of a replay stopped at t.
  let probe: JobRow | null = null;
  const probeTracer: JobTracer = {
    record(t, event, phase, rate, progress, lastCheckpoint) {
      if (event === 'censored') probe = { t, event, phase, rate, progress, lastCheckpoint };
    },
  };
  const probeValues = new Float64Array(METRIC_COUNT);
  const jobBefore = (t: number): string[] => {
    probe = null;
    runner.trace(trial, scheme, probeTracer, probeValues, t);
    const r = probe as JobRow | null;
    return r === null ? ['', '', ''] : [jobState(r), trim(r.progress, 6), trim(r.lastCheckpoint, 6)];
  };

  const networkOnly = options.networkOnly === true;
  const rows: string[][] = [];
  let hidden = 0;
  // Within a background interruption's crash, recovery and restart (hidden by networkOnly).
  let inBackground = false;
  let j = 0;
  const flushJobRowsUntil = (t: number, inclusive: boolean) => {
    while (j < jobRows.length && (jobRows[j]!.t < t || (inclusive && jobRows[j]!.t === t))) {
      const r = jobRows[j++]!;
      if (r.event === 'crash-background') inBackground = true;
      else if (r.event !== 'restart-begin' && r.event !== 'restart-end') inBackground = false;
      if (networkOnly && inBackground) {
        hidden++;
        continue;
      }
      rows.push([hours(r.t), JOB_EVENT_TEXT[r.event], '', jobState(r), trim(r.progress, 6), trim(r.lastCheckpoint, 6)]);
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
    rows.push([hours(t), what, `${where}; down: ${downRoutes.join(', ') || 'none'}`, ...jobBefore(t)]);
  }
  flushJobRowsUntil(Infinity, true);

  const head = `Trial ${trial}, scheme ${scenario.schemes[scheme]!.id} (${scenario.schemes[scheme]!.kind}): ${
    STATUSES[status]
  } after ${trim(end, 6)} h${
    weight === null
      ? ''
      : `\nWeight ${weight.toPrecision(6)}: the likelihood ratio of this timeline, drawn with importance sampling (${scenario.rareEvents!.method} × ${trim(scenario.rareEvents!.factor, 6)}), up to the last scheme's job end`
  }`;
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
  const note = hidden > 0 ? [`(${hidden} rows of background interruptions and their restarts not shown)`] : [];
  return [head, '', table, ...note, '', `Outcome: ${outcome.join(', ')}`].join('\n');
}
