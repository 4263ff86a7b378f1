/**
 * Which cause costs what (per trial, per scheme): for every cause of cuts — each hazard
 * (excavator, rodent, …) and each regional event — the cuts it made before the job
 * ended, the network crashes it caused (the cut that started a stall which reached the
 * collective timeout), and the work those crashes lost. A trial's cause row is
 * CAUSE_FIELDS values per cause, hazards first, then regional events.
 */
import { ENTRY_CUT, ENTRY_REGIONAL_HIT, type NetworkTimeline } from './network-timeline.js';
import type { Scenario } from './scenario.js';

export const CAUSE_FIELDS = 3;
export const CAUSE_CUTS = 0;
export const CAUSE_CRASHES = 1;
export const CAUSE_LOST = 2;
export const CAUSE_METRICS = ['cuts', 'crashes_network', 'lost_work_h'] as const;

/** Cause names: hazards by cause, regional events as `cause (id)`. */
export function causeNames(scenario: Scenario): string[] {
  return [...scenario.hazards.map((h) => h.cause), ...scenario.regional.map((r) => `${r.cause} (${r.id})`)];
}

/**
 * The cause index (hazards first, then regional events) of the first cut or regional
 * hit among timeline entries from … to (inclusive); −1 when there is none (a group of
 * repairs only).
 */
export function firstCutCause(timeline: NetworkTimeline, from: number, to: number, hazards: number): number {
  for (let i = from; i <= to; i++) {
    const kind = timeline.kind[i];
    if (kind === ENTRY_CUT) return timeline.cause[i]!;
    if (kind === ENTRY_REGIONAL_HIT) return hazards + timeline.cause[i]!;
  }
  return -1;
}
