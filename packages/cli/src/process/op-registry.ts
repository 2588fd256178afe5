import type { Volume } from '@medlens/core';
import { UsageError } from '../exit-codes.js';
import type { ParamValue } from './parse-op-params.js';

/** One `medlens process` operation: a kernel and the parameters it takes. */
export interface ProcessOp {
  readonly name: string;
  readonly summary: string;
  /** Parameter name (kebab-case, as on the command line) → what it means. */
  readonly params: Readonly<Record<string, string>>;
  readonly run: (volume: Volume, params: ParamReader) => Volume;
}

/** Typed access to an op's parameters; every read names the parameter in its error. */
export class ParamReader {
  readonly #op: string;
  readonly #values: Record<string, ParamValue>;

  constructor(op: ProcessOp, values: Record<string, ParamValue>) {
    this.#op = op.name;
    this.#values = values;
    for (const name of Object.keys(values)) {
      if (!(name in op.params)) {
        const known = Object.keys(op.params).map((p) => `--${p}`).join(', ') || 'none';
        throw new UsageError(`${op.name}: unknown parameter --${name} (parameters: ${known})`);
      }
    }
  }

  has(name: string): boolean {
    return this.#values[name] !== undefined;
  }

  number(name: string, fallback?: number): number {
    const v = this.#values[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${this.#op}: --${name} must be a number${v === undefined ? ' (required)' : `, got ${String(v)}`}`);
    return v;
  }

  optionalNumber(name: string): number | undefined {
    return this.has(name) ? this.number(name) : undefined;
  }

  /** One number or `x,y,z`. */
  vector(name: string, fallback?: number | number[]): number | [number, number, number] {
    const v = this.#values[name] ?? fallback;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (Array.isArray(v) && v.length === 3 && v.every(Number.isFinite)) return [v[0]!, v[1]!, v[2]!];
    throw new UsageError(`${this.#op}: --${name} must be a number or x,y,z${v === undefined ? ' (required)' : `, got ${String(v)}`}`);
  }

  vector3(name: string, fallback?: number[]): [number, number, number] {
    const v = this.vector(name, fallback);
    return typeof v === 'number' ? [v, v, v] : v;
  }

  string<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const v = this.#values[name] ?? fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    throw new UsageError(`${this.#op}: --${name} must be one of ${allowed.join(', ')}${v === undefined ? ' (required)' : `, got ${String(v)}`}`);
  }

  flag(name: string): boolean {
    const v = this.#values[name] ?? false;
    if (typeof v !== 'boolean') throw new UsageError(`${this.#op}: --${name} is a flag (true/false), got ${String(v)}`);
    return v;
  }
}
