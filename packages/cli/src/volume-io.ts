import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic, Volume } from '@medlens/core';
import { assembleVolume, DicomDecodePool, groupSeries, scanDicomPaths, type SeriesGroup, type Stack } from '@medlens/dicom';
import { readNiftiFile, readNrrdFile, writeNiftiFile, writeNrrdFile } from '@medlens/formats';
import { UsageError } from './exit-codes.js';
import type { createProgressBar } from './progress-bar.js';

/** What `convert` and `process` read: a DICOM file or folder (one series), NIfTI or NRRD. */
export interface VolumeInputOptions {
  /** SeriesInstanceUID to read when the input holds several. */
  series?: string;
}

/** A volume read from the command line, with what was tolerated and where it came from. */
export interface VolumeInput {
  volume: Volume;
  diagnostics: readonly Diagnostic[];
  source: string;
}

export type OutputFormat = 'nifti' | 'nifti-gz' | 'nrrd';

export function outputFormat(path: string): OutputFormat {
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

export async function readVolumeInput(input: string, options: VolumeInputOptions, onProgress: ReturnType<typeof createProgressBar>['onProgress']): Promise<{ volume: Volume; diagnostics: readonly Diagnostic[]; source: string }> {
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

async function readDicomInput(input: string, options: VolumeInputOptions, onProgress: ReturnType<typeof createProgressBar>['onProgress'], pool: DicomDecodePool): Promise<{ volume: Volume; diagnostics: readonly Diagnostic[]; source: string }> {
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


/** Writes a volume as .nii, .nii.gz or .nrrd (by extension), creating the folder. */
export async function writeVolumeOutput(path: string, volume: Volume): Promise<void> {
  const format = outputFormat(path);
  await mkdir(dirname(path), { recursive: true });
  if (format === 'nrrd') await writeNrrdFile(path, volume);
  else await writeNiftiFile(path, volume);
}
