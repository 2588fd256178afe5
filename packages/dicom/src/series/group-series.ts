import type { ErrorCode } from '@medlens/core';
import type { FrameHeader, InstanceHeader, Orientation } from './instance-header.js';

/** One frame of one instance, the unit stacks are made of. */
export interface StackFrame {
  readonly instance: InstanceHeader;
  readonly frame: FrameHeader;
}

/** Frames that can form one volume: same size, orientation, echo, temporal position, stack ID. */
export interface Stack {
  /** `<SeriesInstanceUID>:<n>`, n from 1 in the order the stacks were found. */
  readonly id: string;
  readonly seriesInstanceUid: string;
  /** Human-readable split keys, e.g. 'echo 2', 'temporal 3', '512×512'; '' when the series has one stack. */
  readonly label: string;
  /** Frames in scan order (path, then frame number); assembly orders them by position. */
  readonly frames: readonly StackFrame[];
}

/** A problem found while grouping; the CLI lists these per series. */
export interface SeriesProblem {
  readonly code: ErrorCode;
  readonly message: string;
}

/** One series: all its instances (also non-image ones) and the stacks of its image frames. */
export interface SeriesGroup {
  readonly seriesInstanceUid: string;
  readonly modality?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  readonly frameOfReferenceUid?: string;
  readonly instances: readonly InstanceHeader[];
  readonly stacks: readonly Stack[];
  readonly problems: readonly SeriesProblem[];
}

/** One study and its series. */
export interface StudyGroup {
  readonly studyInstanceUid: string;
  readonly patientId?: string;
  readonly studyDate?: string;
  readonly series: readonly SeriesGroup[];
}

/** Direction cosines closer than this (per component) are one orientation (DS rounding noise). */
const ORIENTATION_TOLERANCE = 1e-4;
/** Positions closer than this (mm, per coordinate) collide (see the acquisition-number rule). */
const POSITION_KEY_MM = 0.01;

function sameOrientation(a: Orientation, b: Orientation): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= ORIENTATION_TOLERANCE);
}

function positionKey(f: StackFrame): string | undefined {
  const p = f.frame.imagePositionPatient;
  return p === undefined ? undefined : p.map((v) => Math.round(v / POSITION_KEY_MM)).join(',');
}

function hasCollisions(frames: readonly StackFrame[]): boolean {
  const seen = new Set<string>();
  for (const f of frames) {
    const k = positionKey(f);
    if (k === undefined) continue;
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

function partition<K>(frames: readonly StackFrame[], key: (f: StackFrame) => K, same: (a: K, b: K) => boolean = Object.is): { key: K; frames: StackFrame[] }[] {
  const groups: { key: K; frames: StackFrame[] }[] = [];
  for (const f of frames) {
    const k = key(f);
    const g = groups.find((x) => same(x.key, k));
    if (g) g.frames.push(f);
    else groups.push({ key: k, frames: [f] });
  }
  return groups;
}

interface Draft {
  labels: string[];
  frames: StackFrame[];
}

/**
 * Splits drafts by a key. `always`: split whenever the key differs. Otherwise split only when the
 * draft has colliding positions and the split leaves no collisions (acquisition-number rule).
 */
function splitBy<K>(drafts: Draft[], key: (f: StackFrame) => K, label: (k: K) => string, always: boolean, same?: (a: K, b: K) => boolean): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const parts = partition(d.frames, key, same);
    const split = parts.length > 1 && (always || (hasCollisions(d.frames) && parts.every((p) => !hasCollisions(p.frames))));
    if (!split) out.push(d);
    else for (const p of parts) out.push({ labels: [...d.labels, label(p.key)], frames: p.frames });
  }
  return out;
}

function echoKey(f: StackFrame): number | undefined {
  // Classic IODs number echoes; enhanced MR carries the per-frame effective echo time instead.
  return f.frame.echoNumber ?? f.instance.echoNumber ?? (f.instance.frameLayout === 'enhanced' ? f.frame.echoTime : undefined);
}

function groupSeriesFrames(seriesUid: string, instances: readonly InstanceHeader[], problems: SeriesProblem[]): Stack[] {
  const frames: StackFrame[] = [];
  for (const instance of instances) for (const frame of instance.frames) frames.push({ instance, frame });
  if (frames.length === 0) return [];
  let drafts: Draft[] = [{ labels: [], frames }];
  const sizeOf = (f: StackFrame): string => `${f.instance.columns ?? '?'}×${f.instance.rows ?? '?'}`;
  const nSizes = partition(frames, sizeOf).length;
  if (nSizes > 1) problems.push({ code: 'SERIES_INCONSISTENT', message: `series has ${nSizes} image sizes; split into one stack per size` });
  drafts = splitBy(drafts, sizeOf, (k) => k, true);
  const orientationOf = (f: StackFrame): Orientation | undefined => f.frame.imageOrientationPatient;
  const sameOrNone = (a: Orientation | undefined, b: Orientation | undefined): boolean =>
    a === undefined || b === undefined ? a === b : sameOrientation(a, b);
  const nOrientations = partition(frames, orientationOf, sameOrNone).length;
  if (nOrientations > 1) {
    problems.push({ code: 'SERIES_MIXED_ORIENTATION', message: `series has ${nOrientations} image orientations; split into one stack per orientation` });
  }
  let orientationLabel = 0;
  drafts = splitBy(drafts, orientationOf, () => `orientation ${++orientationLabel}`, true, sameOrNone);
  // Enhanced IODs declare stacks; echoes and temporal positions are different images of one place.
  drafts = splitBy(drafts, (f) => f.frame.stackId, (k) => `stack ${k ?? '-'}`, true);
  drafts = splitBy(drafts, echoKey, (k) => `echo ${k ?? '-'}`, true);
  drafts = splitBy(drafts, (f) => f.frame.temporalPosition, (k) => `temporal ${k ?? '-'}`, true);
  // Many scanners number acquisitions per slice or per rotation: split on AcquisitionNumber only
  // when positions repeat and the split makes every part collision-free (repeated scans).
  drafts = splitBy(drafts, (f) => f.instance.acquisitionNumber, (k) => `acquisition ${k ?? '-'}`, false);
  for (const d of drafts) {
    const bits = partition(d.frames, (f) => `${f.instance.bitsAllocated}/${f.instance.bitsStored}/${f.instance.pixelRepresentation}/${f.instance.samplesPerPixel}`);
    if (bits.length > 1) {
      problems.push({ code: 'SERIES_INCONSISTENT', message: `stack ${d.labels.join(', ') || '1'} mixes pixel formats (bits/sign/samples): ${bits.map((b) => b.key).join('; ')}` });
    }
  }
  const missing = frames.filter((f) => f.frame.imagePositionPatient === undefined || f.frame.imageOrientationPatient === undefined).length;
  if (missing > 0 && frames.length > 1) {
    problems.push({ code: 'SERIES_MISSING_GEOMETRY', message: `${missing} of ${frames.length} frames lack ImagePositionPatient/ImageOrientationPatient (per frame)` });
  }
  return drafts.map((d, n) => ({ id: `${seriesUid}:${n + 1}`, seriesInstanceUid: seriesUid, label: d.labels.join(', '), frames: d.frames }));
}

function duplicateProblems(instances: readonly InstanceHeader[]): SeriesProblem[] {
  const byUid = new Map<string, string[]>();
  for (const i of instances) {
    const paths = byUid.get(i.sopInstanceUid);
    if (paths) paths.push(i.path);
    else byUid.set(i.sopInstanceUid, [i.path]);
  }
  const problems: SeriesProblem[] = [];
  for (const [uid, paths] of byUid) {
    if (paths.length > 1) {
      problems.push({ code: 'DUPLICATE_SOP_INSTANCE', message: `SOP Instance UID ${uid || '(empty)'} is in ${paths.length} files: ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''}` });
    }
  }
  return problems;
}

/**
 * Groups instances into studies → series → stacks. Every instance stays listed (duplicates too).
 *
 * Split rule (applied in this order, each on the result of the previous):
 * 1. image size (Columns×Rows) and 2. ImageOrientationPatient (±1e-4): always, with a series problem
 *    (SERIES_INCONSISTENT / SERIES_MIXED_ORIENTATION), because such frames cannot share a grid;
 * 3. enhanced StackID, 4. echo (EchoNumbers; enhanced: effective echo time), 5. temporal position
 *    (TemporalPositionIdentifier / TemporalPositionIndex): always — they are different images of the
 *    same anatomy and a volume mixing them would be wrong;
 * 6. AcquisitionNumber: only when positions collide and splitting removes every collision, because
 *    many scanners change AcquisitionNumber per slice or per rotation within one volume.
 * Studies, series and stacks keep first-seen order (instances are sorted by path by the scanner).
 */
export function groupSeries(instances: readonly InstanceHeader[]): StudyGroup[] {
  const studies = new Map<string, Map<string, InstanceHeader[]>>();
  for (const i of instances) {
    const study = studies.get(i.studyInstanceUid) ?? new Map<string, InstanceHeader[]>();
    studies.set(i.studyInstanceUid, study);
    const members = study.get(i.seriesInstanceUid);
    if (members) members.push(i);
    else study.set(i.seriesInstanceUid, [i]);
  }
  const result: StudyGroup[] = [];
  for (const [studyUid, seriesMap] of studies) {
    const series: SeriesGroup[] = [];
    let first: InstanceHeader | undefined;
    for (const [seriesUid, members] of seriesMap) {
      const head = members[0]!;
      first ??= head;
      const problems = duplicateProblems(members);
      const stacks = groupSeriesFrames(seriesUid, members, problems);
      series.push({
        seriesInstanceUid: seriesUid,
        ...(head.modality !== undefined ? { modality: head.modality } : {}),
        ...(head.seriesDescription !== undefined ? { seriesDescription: head.seriesDescription } : {}),
        ...(head.seriesNumber !== undefined ? { seriesNumber: head.seriesNumber } : {}),
        ...(head.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: head.frameOfReferenceUid } : {}),
        instances: members,
        stacks,
        problems,
      });
    }
    result.push({
      studyInstanceUid: studyUid,
      ...(first?.patientId !== undefined ? { patientId: first.patientId } : {}),
      ...(first?.studyDate !== undefined ? { studyDate: first.studyDate } : {}),
      series,
    });
  }
  return result;
}
