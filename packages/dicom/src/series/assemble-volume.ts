import { readFile } from 'node:fs/promises';
import {
  MedlensError,
  computeRange,
  createVolume,
  type Diagnostic,
  type ProgressCallback,
  type Volume,
  type VolumeMeta,
  type WithDiagnostics,
} from '@medlens/core';
import { DicomDecodePool, decodeFrame, parseDicom, rescaleToFloat32 } from './dicom-api.js';
import type { DuplicatePolicy, GeometryPolicy } from './determine-slice-layout.js';
import { determineStackLayout } from './determine-stack-layout.js';
import { applyLut, determineValueMapping, type ValueMapping, type ValueMappingPreference } from './determine-value-mapping.js';
import type { Stack, StackFrame } from './group-series.js';
import { resampleSlices } from './resample-slices.js';

/** Options of {@link assembleVolume}. */
export interface AssembleVolumeOptions {
  /** Worker pool for decoding (default: one is created for this call and closed after it). */
  pool?: DicomDecodePool;
  /** 'pool' (default): worker threads write into a shared float32 array; 'inline': decode on this thread. */
  decode?: 'pool' | 'inline';
  /** Two slices at one position: 'reject' (default) throws, 'keep-first' drops the later ones. */
  onDuplicate?: DuplicatePolicy;
  /** Gaps or uneven steps: 'accept' (default), 'reject' (throws), 'resample' (regular grid, linear). */
  onUneven?: GeometryPolicy;
  /** Gantry tilt: 'accept' (default), 'reject' (throws), 'resample' (orthogonal grid). */
  onTilt?: GeometryPolicy;
  /** Which value mapping to apply (see determineValueMapping); default 'auto'. */
  valueMapping?: ValueMappingPreference;
  /** Called with step 'decode' (frames done/total). */
  onProgress?: ProgressCallback;
}

/** @throws MedlensError SERIES_INCONSISTENT, SERIES_EMPTY */
function checkConsistent(frames: readonly StackFrame[]): { columns: number; rows: number; components: number } {
  const head = frames[0];
  if (head === undefined) throw new MedlensError('SERIES_EMPTY', 'the stack has no image frames to assemble');
  const { columns, rows } = head.instance;
  if (columns === undefined || rows === undefined || columns < 1 || rows < 1) {
    throw new MedlensError('DICOM_MISSING_ATTRIBUTE', `Rows/Columns missing or zero in ${head.instance.path}`, { path: head.instance.path, tag: '(0028,0010)' });
  }
  for (const f of frames) {
    const i = f.instance;
    const fields: [string, unknown, unknown][] = [
      ['Columns', i.columns, head.instance.columns],
      ['Rows', i.rows, head.instance.rows],
      ['BitsAllocated', i.bitsAllocated, head.instance.bitsAllocated],
      ['PixelRepresentation', i.pixelRepresentation, head.instance.pixelRepresentation],
      ['SamplesPerPixel', i.samplesPerPixel, head.instance.samplesPerPixel],
    ];
    for (const [name, a, b] of fields) {
      if (a !== b) {
        throw new MedlensError('SERIES_INCONSISTENT', `${name} is ${String(a)} in ${i.path} but ${String(b)} in ${head.instance.path}; the frames cannot share one grid`, { path: i.path, field: name });
      }
    }
  }
  return { columns, rows, components: head.instance.samplesPerPixel ?? 1 };
}

function sameMapping(a: ValueMapping, b: ValueMapping): boolean {
  return a.kind === 'linear' && b.kind === 'linear' ? a.slope === b.slope && a.intercept === b.intercept : a === b;
}

interface Task {
  readonly instancePath: string;
  readonly frames: number[];
  readonly mapping: ValueMapping;
  readonly slice: number; // first output slice (k order) of the run
  readonly source: StackFrame;
}

/** Runs of consecutive slices from one file with one linear mapping become one decode task. */
function planTasks(ordered: readonly StackFrame[], mappings: readonly ValueMapping[]): Task[] {
  const tasks: Task[] = [];
  ordered.forEach((f, m) => {
    const mapping = mappings[m]!;
    const prev = tasks[tasks.length - 1];
    if (prev && prev.instancePath === f.instance.path && mapping.kind === 'linear' && sameMapping(prev.mapping, mapping) && prev.slice + prev.frames.length === m) {
      prev.frames.push(f.frame.frameIndex);
    } else {
      tasks.push({ instancePath: f.instance.path, frames: [f.frame.frameIndex], mapping, slice: m, source: f });
    }
  });
  return tasks;
}

async function decodeInline(task: Task, target: Float32Array, frameValues: number, cache: Map<string, Uint8Array>): Promise<void> {
  let bytes = cache.get(task.instancePath);
  if (bytes === undefined) {
    bytes = new Uint8Array(await readFile(task.instancePath));
    cache.clear(); // keep one file's bytes at a time: tasks of one file are adjacent for single-frame series
    cache.set(task.instancePath, bytes);
  }
  const { dataset } = parseDicom(bytes, { path: task.instancePath });
  for (let n = 0; n < task.frames.length; n++) {
    const decoded = await decodeFrame(dataset, task.frames[n]!, { path: task.instancePath });
    const offset = (task.slice + n) * frameValues;
    if (decoded.data.length !== frameValues) {
      throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `frame ${task.frames[n]! + 1} decoded to ${decoded.data.length} samples, expected ${frameValues}`, { path: task.instancePath });
    }
    const mapping = task.mapping;
    if (mapping.kind === 'lut') applyLut(mapping, decoded.data, target, offset);
    else rescaleToFloat32(decoded.data, mapping.slope, mapping.intercept, target.subarray(offset, offset + frameValues));
  }
}

async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function buildMeta(ordered: readonly StackFrame[], mapping: ValueMapping): VolumeMeta {
  const head = ordered[0]!;
  const i = head.instance;
  const wc = head.frame.windowCenter;
  const ww = head.frame.windowWidth;
  return {
    ...(i.modality !== undefined ? { modality: i.modality } : {}),
    units: mapping.units,
    studyInstanceUid: i.studyInstanceUid,
    seriesInstanceUid: i.seriesInstanceUid,
    ...(i.seriesDescription !== undefined ? { seriesDescription: i.seriesDescription } : {}),
    ...(i.patientId !== undefined ? { patientId: i.patientId } : {}),
    sourceSopInstanceUids: ordered.map((f) => f.instance.sopInstanceUid),
    ...(wc !== undefined && ww !== undefined && ww > 0 ? { window: { center: wc, width: ww } } : {}),
  };
}

/**
 * Assembles one stack into a float32 volume in LPS millimetres, values in modality (or real-world)
 * units: CT in HU.
 *
 * Geometry (see determineSliceLayout for the rules and tolerances): slices ordered by position along
 * n = row × column of ImageOrientationPatient (never InstanceNumber); origin = ImagePositionPatient of
 * the first slice in k order; direction columns = IOP row (i), IOP column (j), n (k); spacing =
 * [PixelSpacing column, PixelSpacing row, median position step]. Enhanced multi-frame frames use
 * their functional-group geometry; frames without positions get index geometry + a diagnostic.
 *
 * Values: stored × slope + intercept per frame (Modality LUT or Real World Value LUT applied where
 * determineValueMapping picks one). Linear frames are decoded by `DicomDecodePool.decodeInto` into a
 * SharedArrayBuffer (peak memory ≈ the float volume + one frame per worker); LUT frames and the
 * 'inline' mode decode on this thread, one file at a time. MONOCHROME1 is not inverted (values are
 * modality values, not display values); colour images get SamplesPerPixel components.
 * @throws MedlensError SERIES_EMPTY, SERIES_INCONSISTENT, SERIES_MIXED_ORIENTATION, SERIES_DUPLICATE_POSITION,
 *   SERIES_UNEVEN_SPACING, SERIES_MISSING_SLICES, SERIES_GANTRY_TILT, DICOM_MISSING_ATTRIBUTE, DICOM_INVALID_ATTRIBUTE,
 *   USAGE_INVALID_ARGUMENT (resampling a colour stack), and the decoder's codes (DICOM_PIXEL_DATA_CORRUPT,
 *   DICOM_UNSUPPORTED_TRANSFER_SYNTAX …) with the file path
 */
export async function assembleVolume(stack: Stack, options: AssembleVolumeOptions = {}): Promise<WithDiagnostics<Volume<Float32Array>>> {
  const { columns, rows, components } = checkConsistent(stack.frames);
  const layout = determineStackLayout(stack, {
    ...(options.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
    ...(options.onUneven ? { onUneven: options.onUneven } : {}),
    ...(options.onTilt ? { onTilt: options.onTilt } : {}),
  });
  const diagnostics: Diagnostic[] = [...layout.diagnostics];
  if (layout.resample && components !== 1) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `resampling a ${components}-component (colour) stack is not supported; use onUneven/onTilt 'accept'`, { field: 'onTilt' });
  }
  const ordered = layout.frames;
  const mappings = ordered.map((f) => determineValueMapping(f.instance, f.frame, options.valueMapping ?? 'auto'));
  const units = new Set(mappings.map((m) => m.units));
  if (units.size > 1) {
    diagnostics.push({ code: 'SERIES_INCONSISTENT', severity: 'warning', message: `frames declare different units (${[...units].join(', ')}); the volume is labelled ${mappings[0]!.units}` });
  }
  const frameValues = columns * rows * components;
  const total = frameValues * ordered.length;
  const usePool = (options.decode ?? 'pool') === 'pool';
  const target = new Float32Array(usePool ? new SharedArrayBuffer(total * 4) : new ArrayBuffer(total * 4));
  const tasks = planTasks(ordered, mappings);
  let done = 0;
  const report = (n: number): void => {
    done += n;
    options.onProgress?.({ step: 'decode', done, total: ordered.length });
  };
  const ownPool = usePool && options.pool === undefined ? new DicomDecodePool() : undefined;
  const pool = options.pool ?? ownPool;
  const cache = new Map<string, Uint8Array>();
  try {
    const poolTasks = usePool ? tasks.filter((t) => t.mapping.kind === 'linear') : [];
    const inlineTasks = usePool ? tasks.filter((t) => t.mapping.kind !== 'linear') : tasks;
    const poolRun = runLimited(poolTasks, 64, async (t) => {
      const m = t.mapping as Extract<ValueMapping, { kind: 'linear' }>;
      await pool!.decodeInto({ path: t.instancePath, frames: t.frames, slope: m.slope, intercept: m.intercept, target, targetOffset: t.slice * frameValues });
      report(t.frames.length);
    });
    poolRun.catch(() => undefined); // awaited below; avoids an unhandled rejection while inline work runs
    for (const t of inlineTasks) {
      await decodeInline(t, target, frameValues, cache);
      report(t.frames.length);
    }
    await poolRun;
  } catch (e) {
    if (e instanceof MedlensError) throw e;
    throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `decoding failed: ${(e as Error).message}`, {}, { cause: e });
  } finally {
    await ownPool?.close();
  }
  let data = target;
  if (layout.resample) {
    const fill = computeRange(target).min;
    data = resampleSlices(target, columns, rows, layout.resample, layout.geometry.size[2], layout.geometry.spacing[2], fill);
  }
  const volume = createVolume({ geometry: layout.geometry, data, components, meta: buildMeta(ordered, mappings[0]!) });
  return { value: volume, diagnostics };
}
