import { resolve } from 'node:path';
import { isMedlensError } from '@medlens/core';
import {
  DicomDecodePool,
  groupSeries,
  determineStackLayout,
  scanDicomPaths,
  transferSyntaxName,
  type InstanceHeader,
  type ScanError,
  type SeriesGroup,
  type StudyGroup,
} from '@medlens/dicom';
import { EXIT } from '../exit-codes.js';
import { createProgressBar } from '../progress-bar.js';

/** Options of `medlens info`. */
export interface InfoOptions {
  json?: boolean;
  pixelHash?: boolean;
}

/** One instance in `info --json` (DESIGN.md contract). */
interface InfoInstance {
  path: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  numberOfFrames: number;
  frames?: { sha256: string }[];
}

interface InfoSeries {
  seriesInstanceUid: string;
  modality: string;
  seriesDescription?: string;
  size?: [number, number, number];
  spacingMm?: [number, number, number];
  problems: { code: string; message: string }[];
  instances: InfoInstance[];
}

/** The `info --json` document. */
export interface InfoReport {
  studies: { studyInstanceUid: string; patientId?: string; studyDate?: string; series: InfoSeries[] }[];
  errors: { path: string; code: string; message: string }[];
}

function describeSeries(series: SeriesGroup): Omit<InfoSeries, 'instances'> {
  const problems = series.problems.map((p) => ({ code: p.code, message: p.message }));
  const out: Omit<InfoSeries, 'instances'> = { seriesInstanceUid: series.seriesInstanceUid, modality: series.modality ?? '', problems };
  if (series.seriesDescription !== undefined) out.seriesDescription = series.seriesDescription;
  // Size and spacing of the largest stack, from headers only (no pixel decoding).
  const stack = [...series.stacks].sort((a, b) => b.frames.length - a.frames.length)[0];
  if (stack !== undefined) {
    try {
      const plan = determineStackLayout(stack, { onDuplicate: 'keep-first', onUneven: 'accept', onTilt: 'accept' });
      out.size = [...plan.geometry.size];
      out.spacingMm = plan.geometry.spacing.map((s) => Number(s.toFixed(6))) as [number, number, number];
      for (const d of plan.diagnostics) if (!problems.some((p) => p.code === d.code && p.message === d.message)) problems.push({ code: d.code, message: d.message });
    } catch (e) {
      if (!isMedlensError(e)) throw e;
      problems.push({ code: e.code, message: e.message });
    }
    if (series.stacks.length > 1) {
      problems.push({ code: 'SERIES_INCONSISTENT', message: `series splits into ${series.stacks.length} stacks (${series.stacks.map((s) => s.label).join(', ')}); size and spacing are those of the largest` });
    }
  }
  return out;
}

async function hashInstances(instances: readonly InstanceHeader[], errors: ScanError[], pool: DicomDecodePool, onProgress: (done: number) => void): Promise<Map<string, string[]>> {
  const hashes = new Map<string, string[]>();
  const withPixels = instances.filter((i) => i.dataset.pixelData !== undefined);
  let done = 0;
  try {
    await Promise.all(
      withPixels.map(async (i) => {
        try {
          hashes.set(i.path, await pool.hashFile(i.path));
        } catch (e) {
          const code = isMedlensError(e) ? e.code : 'DICOM_PIXEL_DATA_CORRUPT';
          errors.push({ path: i.path, code, message: e instanceof Error ? e.message : String(e) });
        }
        onProgress(++done);
      }),
    );
  } finally {
    await pool.close();
  }
  return hashes;
}

function toReport(studies: StudyGroup[], errors: ScanError[], hashes: Map<string, string[]> | undefined): InfoReport {
  return {
    studies: studies.map((st) => ({
      studyInstanceUid: st.studyInstanceUid,
      ...(st.patientId !== undefined ? { patientId: st.patientId } : {}),
      ...(st.studyDate !== undefined ? { studyDate: st.studyDate } : {}),
      series: st.series.map((se) => ({
        ...describeSeries(se),
        instances: se.instances.map((i) => {
          const inst: InfoInstance = {
            path: i.path,
            sopInstanceUid: i.sopInstanceUid,
            sopClassUid: i.sopClassUid,
            transferSyntaxUid: i.transferSyntaxUid,
            numberOfFrames: i.numberOfFrames,
          };
          const h = hashes?.get(i.path);
          if (h !== undefined) inst.frames = h.map((sha256) => ({ sha256 }));
          return inst;
        }),
      })),
    })),
    errors: [...errors].sort((a, b) => a.path.localeCompare(b.path)),
  };
}


/** Human-readable tree of a report. */
export function formatInfoText(report: InfoReport): string {
  const lines: string[] = [];
  for (const st of report.studies) {
    const who = [st.patientId && `patient ${st.patientId}`, st.studyDate && `date ${st.studyDate}`].filter(Boolean).join(', ');
    lines.push(`Study ${st.studyInstanceUid}${who ? ` (${who})` : ''}`);
    for (const se of st.series) {
      const syntaxes = [...new Set(se.instances.map((i) => transferSyntaxName(i.transferSyntaxUid)))].join(', ');
      const frames = se.instances.reduce((n, i) => n + i.numberOfFrames, 0);
      const parts = [
        se.modality || '??',
        se.seriesDescription !== undefined ? `"${se.seriesDescription}"` : undefined,
        se.size ? se.size.join('×') : undefined,
        se.spacingMm ? `${se.spacingMm.map((s) => s.toFixed(3)).join('×')} mm` : undefined,
        `${se.instances.length} instance${se.instances.length === 1 ? '' : 's'}${frames !== se.instances.length ? ` / ${frames} frames` : ''}`,
        syntaxes,
      ].filter((x) => x !== undefined);
      lines.push(`  Series ${se.seriesInstanceUid}`);
      lines.push(`    ${parts.join('  ')}`);
      for (const p of se.problems) lines.push(`    ! ${p.code}: ${p.message}`);
      for (const i of se.instances) if (i.frames) lines.push(`    ${i.path}: ${i.frames.map((f) => f.sha256.slice(0, 16)).join(' ')}`);
    }
  }
  if (report.errors.length > 0) {
    lines.push(`${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be read:`);
    for (const e of report.errors) lines.push(`  ${e.path}: ${e.code}: ${e.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `medlens info <paths…>`: exit 0 when at least one file was read, 1 when none was. */
export async function runInfo(paths: readonly string[], options: InfoOptions): Promise<number> {
  const progress = createProgressBar();
  try {
    const pool = options.pixelHash ? new DicomDecodePool() : undefined;
    pool?.start(); // workers boot while the headers are scanned
    const scan = await scanDicomPaths(paths.map((p) => resolve(p)), { onProgress: progress.onProgress }).catch(async (e: unknown) => {
      await pool?.close();
      throw e;
    });
    const errors = [...scan.errors];
    const hashes = options.pixelHash
      ? await hashInstances(scan.instances, errors, pool!, (done) => progress.onProgress({ step: 'hash', done, total: scan.instances.length }))
      : undefined;
    const report = toReport(groupSeries(scan.instances), errors, hashes);
    progress.stop();
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatInfoText(report));
    return scan.instances.length > 0 ? EXIT.OK : EXIT.INPUT_FAILURE;
  } finally {
    progress.stop();
  }
}
