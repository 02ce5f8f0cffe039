/**
 * Sequential, ModuleList, ModuleDict.
 * @module
 */
import { invalidArg, isInt, mapItems } from '../../errors.js';
import { Module } from '../module.js';

function checkModule(op: string, name: string, m: unknown): Module {
  if (!(m instanceof Module)) invalidArg(op, name, 'an nn.Module', m);
  return m as Module;
}

/** Modules in a list, registered as children named `0`, `1`, ...: what Sequential and ModuleList share. */
abstract class ModuleSequence extends Module {
  readonly #items: Module[];

  protected constructor(private readonly kind: string, modules: Module[]) {
    super();
    if (!Array.isArray(modules)) invalidArg(kind, 'modules', 'an array of modules', modules);
    this.#items = mapItems(modules, (m, i) => checkModule(kind, `module ${i}`, m));
  }

  override *namedChildren(): Generator<[string, Module]> {
    for (let i = 0; i < this.#items.length; i++) yield [String(i), this.#items[i]];
  }

  /** Replaces the module at index `name` (`'0'`, `'1'`, ...), or appends at index `length`. */
  override registerModule(name: string, module: Module): void {
    const i = typeof name === 'string' ? Number(name) : NaN;
    if (!isInt(i) || i < 0 || i > this.#items.length || String(i) !== name) {
      invalidArg(`${this.kind}.registerModule`, 'name', `an index from '0' to '${this.#items.length}'`, name);
    }
    this.#items[i] = checkModule(`${this.kind}.registerModule`, 'module', module);
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    if (!isInt(index)) invalidArg(`${this.kind}.at`, 'index', 'an integer', index);
    const m = this.#items.at(index);
    if (!m) throw new RangeError(`${this.kind}.at(): index ${index} is out of range for ${this.#items.length} modules`);
    return m;
  }

  /** The number of modules. */
  get length(): number {
    return this.#items.length;
  }

  /** Appends a module. */
  append(module: Module): this {
    this.#items.push(checkModule(`${this.kind}.append`, 'module', module));
    return this;
  }

  /** Iterates over the modules in order (`for (const m of seq)`). */
  [Symbol.iterator](): Iterator<Module> {
    return this.#items[Symbol.iterator]();
  }
}

/**
 * Runs modules in order, each on the previous one's output. Submodules are named `0`, `1`, ...
 *
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
 * ```
 */
export class Sequential extends ModuleSequence {
  constructor(...modules: Module[]) {
    super('Sequential', modules);
  }

  /** Passes `input` through each module in order and returns the last one's output. */
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/** A list of modules whose parameters are registered (named `0`, `1`, ...). Has no forward of its own. */
export class ModuleList extends ModuleSequence {
  constructor(modules: Module[] = []) {
    super('ModuleList', modules);
  }

  /** Always throws: a ModuleList has no forward; iterate over it and call each module. */
  forward(): never {
    throw new TypeError('ModuleList.forward(): a ModuleList has no forward; iterate over it and call each module');
  }
}

/** Modules by name, registered in insertion order. Has no forward of its own. */
export class ModuleDict extends Module {
  readonly #items = new Map<string, Module>();

  constructor(modules: Record<string, Module> = {}) {
    super();
    if (modules === null || typeof modules !== 'object' || Array.isArray(modules) || modules instanceof Module) {
      invalidArg('ModuleDict', 'modules', 'an object of named modules', modules);
    }
    for (const [k, m] of Object.entries(modules)) {
      if (k === '' || k.includes('.')) invalidArg('ModuleDict', 'key', 'a non-empty name without dots', k);
      this.#items.set(k, checkModule('ModuleDict', `modules.${k}`, m));
    }
  }

  override *namedChildren(): Generator<[string, Module]> {
    yield* this.#items.entries();
  }

  /** Adds or replaces the module under `name`, as {@link set}. */
  override registerModule(name: string, module: Module): void {
    this.#put('ModuleDict.registerModule', name, module);
  }

  /** The module under `key`, or undefined. */
  get(key: string): Module | undefined {
    return this.#items.get(key);
  }

  /** Adds or replaces the module under `key` (a non-empty name without dots). Returns this. */
  set(key: string, module: Module): this {
    this.#put('ModuleDict.set', key, module);
    return this;
  }

  #put(op: string, key: string, module: Module): void {
    if (typeof key !== 'string' || key === '' || key.includes('.')) invalidArg(op, 'key', 'a non-empty name without dots', key);
    this.#items.set(key, checkModule(op, 'module', module));
  }

  /** Whether a module is registered under `key`. */
  has(key: string): boolean {
    return this.#items.has(key);
  }

  /** The names, in insertion order. */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** The number of modules. */
  get size(): number {
    return this.#items.size;
  }

  /** Always throws: a ModuleDict has no forward; call the module you need, e.g. `dict.get(name)!.forward(x)`. */
  forward(): never {
    throw new TypeError('ModuleDict.forward(): a ModuleDict has no forward; call the module you need, e.g. dict.get(name)!.forward(x)');
  }
}
