import { SingleBar } from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '@medlens/core';

/**
 * A progress bar on stderr for long steps (only on a terminal and only once a step has at least
 * `minTotal` units, so small inputs and pipes stay quiet).
 */
export function createProgressBar(options: { minTotal?: number; enabled?: boolean } = {}): { onProgress: ProgressCallback; stop: () => void } {
  const enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  const minTotal = options.minTotal ?? 100;
  let bar: SingleBar | undefined;
  let step = '';
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress = (e: ProgressEvent): void => {
    if (!enabled || e.total < minTotal) return;
    if (bar === undefined || e.step !== step) {
      stop();
      step = e.step;
      bar = new SingleBar({
        format: `${e.step.padEnd(8)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      });
      bar.start(e.total, e.done);
    }
    bar.update(e.done);
    if (e.done >= e.total) stop();
  };
  return { onProgress, stop };
}
