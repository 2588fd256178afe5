const cache = new Map<string, WebAssembly.Module | null>();

/**
 * Compiles (once per source) a WebAssembly module given as base64, or returns null where
 * WebAssembly or its SIMD instructions are unavailable, or synchronous compilation is refused
 * (callers then use their JS path). Compiled modules are immutable; instances are never shared.
 */
export function compileWasmModule(base64: string): WebAssembly.Module | null {
  const hit = cache.get(base64);
  if (hit !== undefined) return hit;
  let mod: WebAssembly.Module | null;
  try {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let n = 0; n < bin.length; n++) bytes[n] = bin.charCodeAt(n);
    mod = new WebAssembly.Module(bytes);
  } catch {
    mod = null;
  }
  cache.set(base64, mod);
  return mod;
}

/** Instantiates `mod` with its exported memory grown to at least `bytes`. */
export function instantiateWithMemory(mod: WebAssembly.Module, bytes: number): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
  const instance = new WebAssembly.Instance(mod, {});
  const memory = instance.exports['memory'] as WebAssembly.Memory;
  const pages = Math.ceil(bytes / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (pages > have) memory.grow(pages - have);
  return { exports: instance.exports, memory };
}
