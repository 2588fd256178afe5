import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { computeRange, createVolume, type Diagnostic, type Volume } from '@medlens/core';
import { assembleVolume, DicomDecodePool, groupSeries, scanDicomPaths, type SeriesGroup, type Stack } from '@medlens/dicom';
import { readNiftiFile, readNrrdFile, writeNiftiFile, writeNrrdFile } from '@medlens/formats';
import { EXIT, UsageError } from '../exit-codes.js';
import { createProgressBar } from '../progress-bar.js';

/** Options of `medlens convert`. */
export interface ConvertOptions {
  series?: string;
  /** Voxel type written: 'auto' keeps int16 when every value is an integer in int16 range. */
  datatype?: 'auto' | 'float32' | 'int16';
  json?: boolean;
}

type OutputFormat = 'nifti' | 'nifti-gz' | 'nrrd';

function outputFormat(path: string): OutputFormat {
  const p = path.toLowerCase();
  if (p.endsWith('.nii.gz')) return 'nifti-gz';
  if (p.endsWith('.nii')) return 'nifti';
  if (p.endsWith('.nrrd')) return 'nrrd';
  throw new UsageError(`cannot tell the output format of "${path}": use .nii, .nii.gz or .nrrd`);
}

function isVolumeFile(path: string): 'nifti' | 'nrrd' | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.nii') || p.endsWith('.nii.gz')) return 'nifti';
  if (p.endsWith('.nrrd') || p.endsWith('.nhdr')) return 'nrrd';
  return undefined;
}

function pickSeries(series: SeriesGroup[], uid: string | undefined): SeriesGroup {
  const withImages = series.filter((s) => s.stacks.length > 0);
  if (uid !== undefined) {
    const found = series.find((s) => s.seriesInstanceUid === uid);
    if (found === undefined) throw new UsageError(`--series ${uid} is not among the series found: ${series.map((s) => s.seriesInstanceUid).join(', ') || 'none'}`);
    return found;
  }
  if (withImages.length === 1) return withImages[0]!;
  if (withImages.length === 0) throw new UsageError('no image series found in the input (run `medlens info` to see what it holds)');
  const list = withImages.map((s) => `  ${s.seriesInstanceUid}  ${s.modality ?? ''} ${s.seriesDescription ?? ''} (${s.instances.length} instances)`);
  throw new UsageError(`the input holds ${withImages.length} image series; pick one with --series <SeriesInstanceUID>:\n${list.join('\n')}`);
}

function pickStack(series: SeriesGroup): Stack {
  // Several stacks (echoes, time points, orientations): the largest is converted, which is what a
  // user converting "the series" expects for a localiser + axial mix; others are reported.
  return [...series.stacks].sort((a, b) => b.frames.length - a.frames.length)[0]!;
}

/** Converts float HU-like data to int16 when that is lossless (halves the file, like dcm2niix). */
function chooseDatatype(volume: Volume, datatype: ConvertOptions['datatype']): Volume {
  if (datatype === 'float32' || !(volume.data instanceof Float32Array)) return volume;
  const src = volume.data;
  const { min, max } = computeRange(src);
  let integral = min >= -32768 && max <= 32767;
  for (let n = 0; integral && n < src.length; n++) if (!Number.isInteger(src[n]!)) integral = false;
  if (!integral) {
    if (datatype === 'int16') throw new UsageError('--datatype int16 would lose values: the volume has non-integer or out-of-range values');
    return volume;
  }
  return createVolume({ geometry: volume.geometry, data: Int16Array.from(src), components: volume.components, meta: volume.meta });
}

async function readInput(input: string, options: ConvertOptions, onProgress: ReturnType<typeof createProgressBar>['onProgress']): Promise<{ volume: Volume; diagnostics: readonly Diagnostic[]; source: string }> {
  const kind = isVolumeFile(input);
  if (kind === 'nifti') {
    const r = await readNiftiFile(input);
    return { volume: r.value, diagnostics: r.diagnostics, source: 'NIfTI' };
  }
  if (kind === 'nrrd') {
    const r = await readNrrdFile(input);
    return { volume: r.value, diagnostics: r.diagnostics, source: 'NRRD' };
  }
  // Worker threads boot while the headers are scanned.
  const pool = new DicomDecodePool();
  pool.start();
  try {
    return await readDicomInput(input, options, onProgress, pool);
  } finally {
    await pool.close();
  }
}

async function readDicomInput(input: string, options: ConvertOptions, onProgress: ReturnType<typeof createProgressBar>['onProgress'], pool: DicomDecodePool): Promise<{ volume: Volume; diagnostics: readonly Diagnostic[]; source: string }> {
  const scan = await scanDicomPaths([input], { onProgress });
  if (scan.instances.length === 0) {
    const first = scan.errors[0];
    const reason = first ? `${first.code}: ${first.path}: ${first.message}` : 'no files';
    throw new UsageError(`no DICOM instances could be read from ${input} (${reason})`);
  }
  const series = pickSeries(groupSeries(scan.instances).flatMap((s) => s.series), options.series);
  const stack = pickStack(series);
  const r = await assembleVolume(stack, { onProgress, pool });
  const skipped = scan.errors.map((e) => ({ code: e.code, message: `${e.path}: ${e.message}`, severity: 'warning' as const }));
  return { volume: r.value, diagnostics: [...skipped, ...r.diagnostics], source: `DICOM series ${series.seriesInstanceUid} (${stack.frames.length} frames)` };
}

/** `medlens convert <in> <out>`. */
export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<number> {
  const format = outputFormat(output);
  const progress = createProgressBar();
  try {
    const { volume: read, diagnostics, source } = await readInput(resolve(input), options, progress.onProgress);
    progress.stop();
    const volume = chooseDatatype(read, options.datatype ?? 'auto');
    const out = resolve(output);
    await mkdir(dirname(out), { recursive: true });
    if (format === 'nrrd') await writeNrrdFile(out, volume);
    else await writeNiftiFile(out, volume);
    for (const d of diagnostics) process.stderr.write(`${d.severity}: ${d.code}: ${d.message}\n`);
    const g = volume.geometry;
    const summary = {
      output: out,
      source,
      size: [...g.size],
      spacingMm: [...g.spacing],
      origin: [...g.origin],
      datatype: volume.data.constructor.name.replace('Array', '').toLowerCase(),
      modality: volume.meta.modality,
      units: volume.meta.units,
      diagnostics: diagnostics.map((d) => ({ code: d.code, message: d.message })),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `wrote ${out}: ${g.size.join('×')} voxels, ${g.spacing.map((s) => s.toFixed(3)).join('×')} mm, ${summary.datatype}` +
          `${volume.meta.units ? ` (${volume.meta.units})` : ''} from ${source}\n`,
      );
    }
    return EXIT.OK;
  } finally {
    progress.stop();
  }
}
