import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Volume } from '@medlens/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { PROCESS_OPS } from '../process/ops.js';
import { ParamReader, type ProcessOp } from '../process/op-registry.js';
import { parseOpParams, toParamValue, type ParamValue } from '../process/parse-op-params.js';
import { createProgressBar } from '../progress-bar.js';
import { outputFormat, readVolumeInput, writeVolumeOutput } from '../volume-io.js';

/** One step of a `medlens process` run. */
export interface ProcessStep {
  op: string;
  params: Record<string, ParamValue>;
}

/** Steps from `--op name --param value …`. */
export function stepsFromArgs(op: string, rest: readonly string[]): ProcessStep[] {
  return [{ op, params: parseOpParams(rest) }];
}

/**
 * Steps from a pipeline file (YAML or JSON): `steps: [{ op: gaussian, sigma-mm: 1 }, { op: otsu }]`
 * or the bare list.
 */
export async function stepsFromPipelineFile(path: string): Promise<ProcessStep[]> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the pipeline file ${path}: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(list) || list.length === 0) throw new UsageError(`${path}: expected a non-empty list of steps (steps: [{ op: …, <param>: … }])`);
  return list.map((item, n) => {
    if (item === null || typeof item !== 'object' || typeof (item as { op?: unknown }).op !== 'string') {
      throw new UsageError(`${path}: step ${n + 1} needs an "op" name`);
    }
    const params: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (k === 'op') continue;
      if (typeof v === 'number' || typeof v === 'boolean') params[k] = v;
      else if (typeof v === 'string') params[k] = toParamValue(v);
      else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) params[k] = v as number[];
      else throw new UsageError(`${path}: step ${n + 1} (${String((item as { op: string }).op)}): parameter ${k} must be a number, list of numbers, string or boolean`);
    }
    return { op: (item as { op: string }).op, params };
  });
}

/** A validated step: the op and its checked parameters. */
export interface PlannedStep {
  op: ProcessOp;
  reader: ParamReader;
}

/** Validates every step (op name, parameter names) before any voxel work. */
export function planSteps(steps: readonly ProcessStep[]): PlannedStep[] {
  return steps.map((s) => {
    const op = PROCESS_OPS.get(s.op);
    if (op === undefined) throw new UsageError(`unknown op "${s.op}"; ops: ${[...PROCESS_OPS.keys()].join(', ')}`);
    return { op, reader: new ParamReader(op, s.params) };
  });
}

/** Applies planned steps in order. */
export function applySteps(volume: Volume, planned: readonly PlannedStep[]): Volume {
  return planned.reduce((v, { op, reader }) => op.run(v, reader), volume);
}

/** `medlens process <in> --out <out> (--op <name> [--param value…] | --pipeline <file>)`. */
export async function runProcess(input: string, output: string, steps: ProcessStep[] | string, options: { series?: string; json?: boolean }): Promise<number> {
  outputFormat(output);
  const resolvedSteps = typeof steps === 'string' ? await stepsFromPipelineFile(steps) : steps;
  const planned = planSteps(resolvedSteps);
  const progress = createProgressBar();
  try {
    const { volume, diagnostics, source } = await readVolumeInput(resolve(input), options, progress.onProgress);
    progress.stop();
    const t = performance.now();
    const result = applySteps(volume, planned);
    const ms = performance.now() - t;
    await writeVolumeOutput(resolve(output), result);
    for (const d of diagnostics) process.stderr.write(`${d.severity}: ${d.code}: ${d.message}\n`);
    const summary = { output: resolve(output), source, steps: resolvedSteps, size: [...result.geometry.size], spacingMm: [...result.geometry.spacing], milliseconds: Math.round(ms) };
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `wrote ${summary.output}: ${resolvedSteps.map((s) => s.op).join(' → ')} in ${summary.milliseconds} ms (${summary.size.join('×')})\n`);
    return EXIT.OK;
  } finally {
    progress.stop();
  }
}

/** Usage text of `medlens process`, with the ops and their parameters. */
export function processUsage(): string {
  const lines = [
    'usage: medlens process <in> --out <out.nii[.gz]|.nrrd> --op <name> [--<param> <value>…]',
    '       medlens process <in> --out <out> --pipeline <steps.yaml|json>   [--series UID] [--json]',
    '',
    'ops:',
  ];
  for (const op of PROCESS_OPS.values()) {
    lines.push(`  ${op.name.padEnd(22)} ${op.summary}`);
    for (const [p, help] of Object.entries(op.params)) lines.push(`      --${p.padEnd(18)} ${help}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Parses `process` arguments by hand (op parameters are open-ended, so they cannot be declared to
 * commander) and runs it.
 */
export async function runProcessCli(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(processUsage());
    return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
  }
  let input: string | undefined;
  let out: string | undefined;
  let op: string | undefined;
  let pipeline: string | undefined;
  let series: string | undefined;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--out') out = value();
    else if (a === '--op') op = value();
    else if (a === '--pipeline') pipeline = value();
    else if (a === '--series') series = value();
    else if (a === '--json') json = true;
    else if (!a.startsWith('--') && input === undefined) input = a;
    else rest.push(a);
  }
  if (input === undefined) throw new UsageError('process: missing the input path');
  if (out === undefined) throw new UsageError('process: missing --out <file>');
  if ((op === undefined) === (pipeline === undefined)) throw new UsageError('process: give exactly one of --op <name> or --pipeline <file>');
  if (pipeline !== undefined && rest.length > 0) throw new UsageError(`process: parameters (${rest.join(' ')}) go into the pipeline file with --pipeline`);
  const steps = op !== undefined ? stepsFromArgs(op, rest) : pipeline!;
  return runProcess(input, out, steps, { ...(series !== undefined ? { series } : {}), json });
}
