import { MedlensError } from '@medlens/core';
import { determineSliceLayout, type SliceEntry, type SliceLayout, type SliceLayoutOptions } from './determine-slice-layout.js';
import type { Stack, StackFrame } from './group-series.js';

/** A stack's slice layout plus its frames in k order. */
export interface StackLayout extends SliceLayout {
  /** The kept frames in k order (`order` mapped onto `stack.frames`). */
  readonly frames: readonly StackFrame[];
}

/** File path, with `#frame` (1-based) for multi-frame instances: how frames are named in messages. */
export function frameLabel(f: StackFrame): string {
  return f.instance.numberOfFrames > 1 ? `${f.instance.path}#${f.frame.frameIndex + 1}` : f.instance.path;
}

/**
 * The output grid of a stack from headers alone (no pixel data): what {@link assembleVolume} will
 * produce, for planners and for rasterising structures before (or without) decoding.
 * Rules and tolerances: see determineSliceLayout. Columns/Rows come from the first frame.
 * @throws MedlensError as determineSliceLayout, and DICOM_MISSING_ATTRIBUTE when Rows/Columns are absent
 */
export function determineStackLayout(stack: Stack, options: Omit<SliceLayoutOptions, 'frameOfReferenceUid'> = {}): StackLayout {
  const entries: SliceEntry[] = stack.frames.map((f) => ({
    ...(f.frame.imagePositionPatient ? { position: f.frame.imagePositionPatient } : {}),
    ...(f.frame.imageOrientationPatient ? { orientation: f.frame.imageOrientationPatient } : {}),
    ...(f.frame.pixelSpacing ? { pixelSpacing: f.frame.pixelSpacing } : {}),
    ...(f.frame.sliceThickness !== undefined ? { sliceThickness: f.frame.sliceThickness } : {}),
    ...(f.frame.spacingBetweenSlices !== undefined ? { spacingBetweenSlices: f.frame.spacingBetweenSlices } : {}),
    // Frames without positions are ordered by InstanceNumber, then frame number.
    instanceNumber: (f.instance.instanceNumber ?? 0) * 1e6 + f.frame.frameIndex,
    label: frameLabel(f),
  }));
  const head = stack.frames[0];
  if (head !== undefined && !((head.instance.columns ?? 0) > 0 && (head.instance.rows ?? 0) > 0)) {
    throw new MedlensError('DICOM_MISSING_ATTRIBUTE', `Rows/Columns missing or zero in ${head.instance.path}`, { path: head.instance.path, tag: '(0028,0010)' });
  }
  const layout = determineSliceLayout(entries, head?.instance.columns ?? 0, head?.instance.rows ?? 0, {
    ...options,
    ...(head?.instance.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: head.instance.frameOfReferenceUid } : {}),
  });
  return { ...layout, frames: layout.order.map((n) => stack.frames[n]!) };
}
