/**
 * SIGINT and SIGTERM, caught from the moment a command starts (before the scenario is
 * even loaded), so that a signal in the first second of a campaign stops it cleanly
 * like one at any other time instead of killing the process with nothing to resume.
 */
export type StopSignalName = 'SIGINT' | 'SIGTERM';

export class StopSignal {
  private received: StopSignalName | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly onInt = () => this.receive('SIGINT');
  private readonly onTerm = () => this.receive('SIGTERM');
  private disposed = false;

  /** Starts catching SIGINT and SIGTERM (until `dispose`). */
  constructor() {
    process.on('SIGINT', this.onInt);
    process.on('SIGTERM', this.onTerm);
  }

  /** The first signal received, or null. */
  get signal(): StopSignalName | null {
    return this.received;
  }

  /** Calls `listener` at the first signal (at once if one came already); returns how to unsubscribe. */
  onStop(listener: () => void): () => void {
    if (this.received !== null) {
      listener();
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops catching: the default handling (ending the process) applies again. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    process.off('SIGINT', this.onInt);
    process.off('SIGTERM', this.onTerm);
  }

  private receive(signal: StopSignalName): void {
    if (this.received !== null) return;
    this.received = signal;
    for (const listener of this.listeners) listener();
    this.listeners.clear();
  }
}
