import { resolve } from 'node:path';
import { computeRange, createVolume, type Volume } from '@medlens/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { createProgressBar } from '../progress-bar.js';
import { outputFormat, readVolumeInput, writeVolumeOutput } from '../volume-io.js';

/** Options of `medlens convert`. */
export interface ConvertOptions {
  series?: string;
  /** Voxel type written: 'auto' keeps int16 when every value is an integer in int16 range. */
  datatype?: 'auto' | 'float32' | 'int16';
  json?: boolean;
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

/** `medlens convert <in> <out>`. */
export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<number> {
  outputFormat(output); // bad extension → usage error before any work
  const progress = createProgressBar();
  try {
    const { volume: read, diagnostics, source } = await readVolumeInput(resolve(input), options, progress.onProgress);
    progress.stop();
    const volume = chooseDatatype(read, options.datatype ?? 'auto');
    const out = resolve(output);
    await writeVolumeOutput(out, volume);
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
