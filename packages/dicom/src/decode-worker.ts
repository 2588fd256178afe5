/**
 * Worker thread body of {@link DicomDecodePool}: reads files, decodes frames and writes rescaled
 * float32 values into shared memory, or hashes frames. Messages: {@link WorkerTask} in, {@link WorkerReply} out.
 * @packageDocumentation
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { MedlensError } from '@medlens/core';
import { decodeFrame, hashFrame } from './decode-frame.js';
import { parseDicom } from './parse-dicom.js';
import { borrowKernelHeap, rescaleToFloat32 } from './rescale-to-float32.js';

/** A task sent to a worker. */
export type WorkerTask =
  | { id: number; type: 'decodeInto'; path: string; frames: number[]; slope: number; intercept: number; target: Float32Array; targetOffset: number }
  | { id: number; type: 'hashFile'; path: string };

/** A worker's reply. */
export type WorkerReply =
  | { id: number; ok: true; hashes?: string[] }
  | { id: number; ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

/** A plain Uint8Array view (no copy): Buffer#slice would return views where the decoders expect copies. */
function readPlain(path: string): Uint8Array {
  const file = readFileSync(path);
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}

/** Reads the file straight into the rescale kernel's memory (saves a copy per frame; see rescaleToFloat32). */
function readIntoKernelHeap(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const heap = borrowKernelHeap(size);
    if (heap === undefined) return readPlain(path);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, heap, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return heap.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Runs one task (exported for in-thread use and tests). */
export async function runWorkerTask(task: WorkerTask): Promise<string[] | undefined> {
  let bytes: Uint8Array;
  try {
    // Synchronous read: this thread does nothing else meanwhile, and it avoids the libuv pool hop.
    bytes = task.type === 'decodeInto' ? readIntoKernelHeap(task.path) : readPlain(task.path);
  } catch (e) {
    throw new MedlensError('INPUT_NOT_FOUND', `cannot read the file (${(e as Error).message})`, { path: task.path }, { cause: e });
  }
  const { dataset } = parseDicom(bytes, { path: task.path });
  if (task.type === 'hashFile') {
    const frames = dataset.number('NumberOfFrames') ?? 1;
    const hashes: string[] = [];
    for (let i = 0; i < frames; i++) hashes.push(hashFrame(await decodeFrame(dataset, i, { path: task.path })));
    return hashes;
  }
  const { target, slope, intercept } = task;
  let o = task.targetOffset;
  for (const f of task.frames) {
    const data = (await decodeFrame(dataset, f, { path: task.path })).data;
    const n = data.length;
    if (o + n > target.length) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `target has ${target.length} elements; frame ${f} needs ${o + n}`, { path: task.path, field: 'target' });
    }
    rescaleToFloat32(data, slope, intercept, target.subarray(o, o + n));
    o += n;
  }
  return undefined;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (task: WorkerTask) => {
    runWorkerTask(task).then(
      (hashes) => port.postMessage({ id: task.id, ok: true, ...(hashes !== undefined ? { hashes } : {}) } satisfies WorkerReply),
      (e: unknown) => {
        const error = e instanceof MedlensError
          ? { code: e.code, message: e.message, details: e.details }
          : { code: 'DICOM_PIXEL_DATA_CORRUPT', message: (e as Error)?.message ?? String(e), details: { path: task.path } };
        port.postMessage({ id: task.id, ok: false, error } satisfies WorkerReply);
      },
    );
  });
}
