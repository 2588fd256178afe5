/**
 * Lazy, per-thread loading of the Emscripten (WebAssembly) decoder builds shipped by the
 * `@cornerstonejs/codec-*` packages, with containment of their failure modes.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { MedlensError } from '@medlens/core';

/** The part of an Emscripten module object that every codec build has. */
export interface EmscriptenModule {
  /** charls-js binds this: the what() of a thrown C++ exception (thrown into JS as a pointer). */
  getExceptionMessage?: (pointer: number) => string | [string, string];
}

interface EmscriptenOptions {
  print: (line: string) => void;
  printErr: (line: string) => void;
}

type EmscriptenFactory<M> = (options: EmscriptenOptions) => Promise<M>;

/** Lines of decoder output kept for error messages. */
const LOG_LINES = 16;

const requireCjs = createRequire(import.meta.url);

/**
 * One WebAssembly codec build, instantiated on first use in each thread (workers get their own).
 *
 * Failure handling: a C++ exception (thrown into JS as a number), an Emscripten `abort()`
 * (WebAssembly.RuntimeError), a trap (out-of-bounds access, unreachable) or an `exit()` call all
 * become an `Error` with the decoder's message, and the instance is discarded so that the next
 * frame gets a fresh one (the old one may have leaked memory or be marked ABORT). An `exit()`
 * inside the module would set `process.exitCode`; the previous value is restored.
 */
export class EmscriptenCodecModule<M extends EmscriptenModule> {
  readonly name: string;
  readonly #specifier: string;
  #instance: Promise<M> | undefined;
  #log: string[] = [];

  /** @param specifier CommonJS specifier of the Node-loadable factory, e.g. `@cornerstonejs/codec-charls/decodewasmjs`. */
  constructor(name: string, specifier: string) {
    this.name = name;
    this.#specifier = specifier;
  }

  /**
   * The module instance of this thread (created on first call).
   * @throws MedlensError DICOM_UNSUPPORTED_TRANSFER_SYNTAX when the package or its .wasm cannot be loaded
   */
  async load(path?: string): Promise<M> {
    if (this.#instance === undefined) {
      const capture = (line: string): void => {
        this.#log.push(line);
        if (this.#log.length > LOG_LINES) this.#log.shift();
      };
      this.#instance = (async () => {
        try {
          const factory = requireCjs(this.#specifier) as EmscriptenFactory<M>;
          return await factory({ print: capture, printErr: capture });
        } catch (e) {
          throw new MedlensError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', `the ${this.name} decoder (${this.#specifier}) could not be loaded: ${(e as Error).message}`, { path, tag: '(0002,0010)' }, { cause: e });
        }
      })();
      this.#instance.catch(() => {
        this.#instance = undefined;
      });
    }
    return this.#instance;
  }

  /**
   * Runs `fn` against the module; any throw (C++ exception, abort, trap, exit) becomes an `Error`
   * carrying the decoder's message and discards the instance. Decoder output lines printed during
   * the call are available through the second argument of `fn` for messages of soft failures.
   */
  async run<T>(fn: (module: M, log: () => string) => T, path?: string): Promise<T> {
    const module = await this.load(path);
    this.#log = [];
    const exitCode = process.exitCode;
    try {
      return fn(module, () => this.#errorLines());
    } catch (e) {
      this.#instance = undefined;
      if (process.exitCode !== exitCode) process.exitCode = exitCode;
      throw new Error(this.#describe(module, e), { cause: e });
    }
  }

  #errorLines(): string {
    const errors = this.#log.filter((l) => /error|warn/i.test(l));
    return (errors.length > 0 ? errors : this.#log).join(' | ');
  }

  #describe(module: M, e: unknown): string {
    let what: string;
    if (typeof e === 'number') {
      let message: string | [string, string] | undefined;
      try {
        message = module.getExceptionMessage?.(e);
      } catch {
        message = undefined;
      }
      what = message === undefined ? `C++ exception at ${e}` : Array.isArray(message) ? message.join(': ') : message;
    } else if (e instanceof Error) what = `${e.name}: ${e.message}`;
    else what = String(e);
    const log = this.#errorLines();
    return log.length > 0 && !what.includes(log) ? `${what} (${log})` : what;
  }
}
