import { UsageError } from '../exit-codes.js';

/** A parameter value as given on the command line or in a pipeline file. */
export type ParamValue = number | boolean | string | number[];

/**
 * Parses `--name value` pairs that follow `--op` (kebab-case names; `--flag` alone is `true`).
 * Values: numbers, comma-separated number lists (`1,1,2`), true/false, else strings.
 * @throws UsageError for a value without a name
 */
export function parseOpParams(args: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--') || a.length < 3) throw new UsageError(`unexpected argument "${a}": parameters are given as --name value`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let raw: string | undefined = eq > 0 ? a.slice(eq + 1) : undefined;
    if (raw === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !(next.startsWith('--') && next.length > 2 && !/^--?\d/.test(next))) {
        raw = next;
        i++;
      }
    }
    out[name] = raw === undefined ? true : toParamValue(raw);
  }
  return out;
}

/** Converts a textual value (see {@link parseOpParams}). */
export function toParamValue(raw: string): ParamValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (raw.includes(',') && raw.split(',').every((p) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(p.trim()))) {
    return raw.split(',').map((p) => Number(p.trim()));
  }
  return raw;
}
