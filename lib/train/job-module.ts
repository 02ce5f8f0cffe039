/**
 * The module convention shared by `torchts lr-find <module>` and {@link TrainingJob}: a JavaScript
 * module whose default export is `{ trainer, loader, options? }`, or a (possibly async) function of
 * the job's arguments returning it. One module serves both.
 * @module
 */
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe } from '../errors.js';
import type { Loader } from './types.js';

/** What a job module's Trainer must have: the method that runs it. */
export interface TrainerMethods {
  /** Used by a TrainingJob. */
  fit: unknown;
  /** Used by `torchts lr-find`. */
  lrFind: unknown;
}

/** What a job module's default export gives: a Trainer, its training loader, and options of what runs it. */
export interface TrainingSetup<T = TrainerMethods, O = Record<string, unknown>> {
  /** The Trainer that trains (or runs the range test). */
  trainer: T;
  /** The training batches. */
  loader: Loader;
  /** Options of what runs the module: `fit`'s for a TrainingJob, `lrFind`'s for `torchts lr-find`. */
  options?: O;
}

/** A module path (relative to the working directory) or URL, as a file: URL string. */
export function moduleUrl(specifier: string | URL): string {
  if (specifier instanceof URL) return specifier.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier)) return specifier;
  return pathToFileURL(resolve(specifier)).href;
}

/**
 * Imports a job module and returns what its default export gives, called with `args` when it is a
 * function. `method` is the Trainer method the caller will use (`'fit'`, `'lrFind'`), checked to
 * be there. Errors name the module and say what was expected.
 */
export async function loadTrainingSetup<T>(specifier: string | URL, args: unknown, method: string): Promise<TrainingSetup<T>> {
  const url = moduleUrl(specifier);
  const ext = extname(new URL(url).pathname);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    throw new TypeError(`expected a JavaScript module, but received ${url} (compile TypeScript first, e.g. with tsc, and pass the .js file)`);
  }
  const mod = (await import(url)) as { default?: unknown };
  const exported = mod.default;
  const setup = typeof exported === 'function' ? await (exported as (a: unknown) => unknown)(args) : exported;
  const s = setup as Partial<TrainingSetup<Record<string, unknown>>> | undefined;
  if (!s || typeof s !== 'object' || typeof s.trainer?.[method] !== 'function' || !s.loader) {
    throw new TypeError(`expected ${url} to export default { trainer, loader, options? } (a Trainer and its training ` +
      `DataLoader) or a function returning it, but its default export is ${describe(exported)}` +
      (typeof exported === 'function' ? `, which returned ${describe(setup)}` : ''));
  }
  if (s.options !== undefined && (s.options === null || typeof s.options !== 'object')) {
    throw new TypeError(`expected the options of ${url} to be an object, but received ${describe(s.options)}`);
  }
  return s as TrainingSetup<T>;
}
