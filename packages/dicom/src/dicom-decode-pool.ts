import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MedlensError, isErrorCode } from '@medlens/core';
import type { WorkerReply, WorkerTask } from './decode-worker.js';

/** Task of {@link DicomDecodePool.decodeInto}. */
export interface DecodeIntoTask {
  path: string;
  /** 0-based frame numbers, written one after another. */
  frames: number[];
  slope: number;
  intercept: number;
  /** Float32Array on a SharedArrayBuffer. */
  target: Float32Array;
  /** First element of `target` to write. */
  targetOffset: number;
}

type TaskBody = { type: 'decodeInto'; path: string; frames: number[]; slope: number; intercept: number; target: Float32Array; targetOffset: number } | { type: 'hashFile'; path: string };

interface Pending {
  body: TaskBody;
  resolve: (reply: WorkerReply & { ok: true }) => void;
  reject: (e: MedlensError) => void;
}

/**
 * The compiled worker: next to this module in dist/, or ../dist/ when this module runs from src/*.ts
 * (vitest); `npm test` builds first.
 */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) {
    const url = new URL('../dist/decode-worker.js', here);
    if (!existsSync(fileURLToPath(url))) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', 'the compiled decode worker is missing: run `npx tsc -b packages/dicom` first', { path: fileURLToPath(url) });
    }
    return url;
  }
  return new URL('./decode-worker.js', here);
}

/**
 * A pool of worker threads decoding DICOM frames in parallel (node:worker_threads).
 * Workers start lazily; `close()` terminates them.
 */
export class DicomDecodePool {
  readonly threads: number;
  #workers: Worker[] = [];
  #idle: Worker[] = [];
  #queue: Pending[] = [];
  #running = new Map<Worker, { id: number; task: Pending }>();
  #nextId = 1;
  #closed = false;

  constructor(options: { threads?: number } = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  }

  /**
   * Reads `path`, decodes `frames`, writes stored × slope + intercept as float32 into `target`
   * starting at `targetOffset`, frame after frame.
   * @throws MedlensError (rejects) with the decoder's code and the path
   */
  async decodeInto(task: DecodeIntoTask): Promise<void> {
    if (!(task.target.buffer instanceof SharedArrayBuffer)) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', 'decodeInto needs a Float32Array on a SharedArrayBuffer', { path: task.path, field: 'target' });
    }
    await this.#submit({ type: 'decodeInto', ...task });
  }

  /** Per-frame SHA-256 of the stored values (see `hashFrame`). */
  async hashFile(path: string): Promise<string[]> {
    return (await this.#submit({ type: 'hashFile', path })).hashes ?? [];
  }

  /**
   * Starts all worker threads now instead of on the first task, so their start-up (module loading)
   * overlaps other work such as scanning the headers. Idle workers do not keep the process alive.
   */
  start(): void {
    while (!this.#closed && this.#workers.length < this.threads) {
      const worker = this.#spawn();
      this.#idle.push(worker);
      worker.unref();
    }
  }

  /** Terminates the workers; pending tasks reject. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue) p.reject(new MedlensError('USAGE_INVALID_ARGUMENT', 'decode pool closed', { path: p.body.path }));
    this.#queue = [];
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
    this.#idle = [];
  }

  #submit(body: TaskBody): Promise<WorkerReply & { ok: true }> {
    if (this.#closed) return Promise.reject(new MedlensError('USAGE_INVALID_ARGUMENT', 'decode pool closed', { path: body.path }));
    return new Promise((resolve, reject) => {
      this.#queue.push({ body, resolve, reject });
      this.#pump();
    });
  }

  #spawn(): Worker {
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const running = this.#running.get(worker);
      if (running === undefined || running.id !== reply.id) return;
      this.#running.delete(worker);
      this.#idle.push(worker);
      if (reply.ok) running.task.resolve(reply);
      else {
        const code = isErrorCode(reply.error.code) ? reply.error.code : 'DICOM_PIXEL_DATA_CORRUPT';
        running.task.reject(new MedlensError(code, reply.error.message, { path: running.task.body.path, ...reply.error.details }));
      }
      this.#pump();
    });
    worker.on('error', (e) => this.#fail(worker, e));
    worker.on('exit', (c) => this.#fail(worker, new Error(`worker exited with code ${c}`)));
    this.#workers.push(worker);
    return worker;
  }

  #fail(worker: Worker, e: Error): void {
    const running = this.#running.get(worker);
    this.#running.delete(worker);
    this.#workers = this.#workers.filter((w) => w !== worker);
    this.#idle = this.#idle.filter((w) => w !== worker);
    if (running !== undefined) {
      running.task.reject(new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `decode worker failed: ${e.message}`, { path: running.task.body.path }, { cause: e }));
    }
    if (!this.#closed) this.#pump();
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (worker === undefined && this.#workers.length < this.threads) worker = this.#spawn();
      if (worker === undefined) return;
      const task = this.#queue.shift()!;
      const id = this.#nextId++;
      this.#running.set(worker, { id, task });
      worker.ref();
      worker.postMessage({ id, ...task.body } as WorkerTask);
    }
    if (this.#running.size === 0) for (const w of this.#workers) w.unref();
  }
}
