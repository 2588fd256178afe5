/** A progress event emitted by long-running work. */
export interface ProgressEvent {
  /** Short name of the step, e.g. 'scan', 'decode'. */
  readonly step: string;
  readonly done: number;
  readonly total: number;
  readonly message?: string;
}

/** Callback receiving progress events. Must not throw. */
export type ProgressCallback = (event: ProgressEvent) => void;
