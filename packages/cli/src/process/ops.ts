import type { ProcessOp } from './op-registry.js';

const ops: ProcessOp[] = [];

/** The `medlens process` operations by kebab-case name (DESIGN.md). */
export const PROCESS_OPS: ReadonlyMap<string, ProcessOp> = new Map(ops.map((o) => [o.name, o]));
