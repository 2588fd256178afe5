import { MedlensError, VOXEL_TYPES, voxelTypeOf, type VoxelArray, type VoxelType } from '@medlens/core';

const INTEGER_RANGE: Partial<Record<VoxelType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/**
 * `data` as `target` voxel type: the same array when the type already matches, else a new array.
 * Integer targets round to nearest (ties away from zero) and refuse NaN or out-of-range values rather
 * than wrapping or clamping silently.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (a value does not fit `target`; details.field = 'datatype')
 */
export function convertVoxels(data: VoxelArray, target: VoxelType): VoxelArray {
  if (voxelTypeOf(data) === target) return data;
  const out = new VOXEL_TYPES[target](data.length);
  const range = INTEGER_RANGE[target];
  if (range === undefined) {
    for (let n = 0; n < data.length; n++) out[n] = data[n]!;
    return out;
  }
  const [lo, hi] = range;
  for (let n = 0; n < data.length; n++) {
    const v = data[n]!;
    const r = v < 0 ? -Math.round(-v) : Math.round(v);
    if (!(r >= lo && r <= hi)) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `voxel ${n} is ${v}, which ${target} cannot hold (range ${lo}…${hi}); choose a wider datatype`, { field: 'datatype', offset: n });
    }
    out[n] = r;
  }
  return out;
}
