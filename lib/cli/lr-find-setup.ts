/**
 * What `torchts lr-find <script|config>` runs on: a Trainer and a loader, described either by a
 * JavaScript module (any model, data and Trainer options) or by a JSON config (a sequential model,
 * a built-in dataset, an optimizer and a loss by name), so that the range test needs no code.
 * @module
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { PRECISION_MODES, type PrecisionMode } from '../amp/precision.js';
import type { Device } from '../tensor/device.js';
import * as data from '../data/index.js';
import { checkOptions, invalidArg, isInt } from '../errors.js';
import * as nn from '../nn/index.js';
import * as optim from '../optim/index.js';
import { loadTrainingSetup } from '../train/job-module.js';
import type { LrFindOptions } from '../train/lr-find.js';
import { Trainer, type TrainerOptions } from '../train/trainer.js';
import type { Loader } from '../train/types.js';
import { manualSeed } from '../torch.js';

/** A Trainer, the loader its range test draws batches from, and the test's options. */
export interface LrFindSetup {
  /** Runs the test (`trainer.lrFind`). */
  trainer: Pick<Trainer, 'lrFind'>;
  /** The training batches. */
  loader: Loader;
  /** Options of the test; the command's flags override them. */
  options: LrFindOptions;
}

/**
 * The JSON config of `torchts lr-find`. Example:
 * ```json
 * {
 *   "data": { "dataset": "FashionMNIST", "batchSize": 128, "limit": 10000 },
 *   "model": [["Flatten"], ["Linear", 784, 256], ["ReLU"], ["Linear", 256, 10]],
 *   "optimizer": ["AdamW", { "weightDecay": 0.01 }],
 *   "loss": "crossEntropy",
 *   "lrFind": { "minLr": 1e-6, "maxLr": 1, "steps": 100 }
 * }
 * ```
 */
export interface LrFindConfig {
  /** The training data: a dataset class of `data` by name, its constructor options, and the loader's. */
  data: {
    /** 'FashionMNIST', 'MNIST' or 'ImageFolder'. */
    dataset: string;
    /** The dataset constructor's options (e.g. `{ "root": "images", "size": [32, 32] }` for ImageFolder). */
    options?: Record<string, unknown>;
    /** Use only the first `limit` samples (before shuffling). */
    limit?: number;
    /** Default 64. */
    batchSize?: number;
    /** Default true. */
    shuffle?: boolean;
    /** The loader's shuffling seed. Default 0. */
    seed?: number;
  };
  /** An `nn.Sequential` of layers, each `[className, ...constructorArguments]`, e.g. `["Conv2d", 1, 32, 3, { "padding": 1 }]`. */
  model: [string, ...unknown[]][];
  /** An optimizer class of `optim` by name, alone or with its options. Default 'AdamW'. */
  optimizer?: string | [string, Record<string, unknown>];
  /** A loss of `nn.functional` by name. Default 'crossEntropy'. */
  loss?: string;
  /** The Trainer's precision mode, e.g. '32-true' (default) or 'bf16-mixed'. */
  precision?: PrecisionMode;
  /** Where the model and batches go: 'cpu' (default) or 'cuda'. */
  device?: Device;
  /** Micro-batches per optimizer step. Default 1. */
  accumulateGradBatches?: number;
  /** Clip gradients to this norm before each step. */
  gradientClipVal?: number;
  /** Seeds the weights' initialisation. Default 0. */
  seed?: number;
  /** Options of the range test (minLr, maxLr, steps, smoothing, divergeThreshold). */
  lrFind?: LrFindOptions;
}

const DATASETS: Record<string, new (options: never) => data.DatasetLike<unknown>> = {
  FashionMNIST: data.FashionMNIST, MNIST: data.MNIST, ImageFolder: data.ImageFolder,
};
const OPTIMIZERS: Record<string, new (params: never, options: never) => optim.Optimizer<object>> = {
  SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, RMSprop: optim.RMSprop,
};
const LOSSES = Object.keys(nn.functional).filter((k) => /Loss$|Entropy/.test(k));

const OP = 'config';

/**
 * Builds what a JSON config describes. Errors name the config key at fault, prefixed with `source`
 * (the file's name).
 */
export function setupFromConfig(config: LrFindConfig, source = 'config'): LrFindSetup {
  try {
    return buildFromConfig(config);
  } catch (e) {
    // The checks speak as `config(): ...` (`config.data(): ...`); name the file instead.
    if (e instanceof TypeError || e instanceof RangeError) {
      e.message = e.message.replace(/^config(?:\.(\w+))?\(\): /, (_, key?: string) => `${source}: ${key ? `${key}: ` : ''}`);
    }
    throw e;
  }
}

function buildFromConfig(config: LrFindConfig): LrFindSetup {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) invalidArg(OP, 'the config', 'a JSON object', config);
  checkOptions(OP, config, ['data', 'model', 'optimizer', 'loss', 'precision', 'device', 'accumulateGradBatches', 'gradientClipVal', 'seed', 'lrFind']);
  const d = config.data;
  if (d === null || typeof d !== 'object') invalidArg(OP, 'data', 'an object such as { "dataset": "FashionMNIST" }', d);
  checkOptions(`${OP}.data`, d, ['dataset', 'options', 'limit', 'batchSize', 'shuffle', 'seed']);
  const Dataset = DATASETS[d.dataset];
  if (!Dataset) invalidArg(OP, 'data.dataset', Object.keys(DATASETS).map((k) => `'${k}'`).join(', '), d.dataset);
  let dataset = new Dataset(d.options as never);
  if (d.limit !== undefined) {
    if (!isInt(d.limit) || d.limit < 1) invalidArg(OP, 'data.limit', 'a positive integer', d.limit);
    dataset = new data.Subset(dataset, Array.from({ length: Math.min(d.limit, dataset.length) }, (_, i) => i));
  }
  const loader = new data.DataLoader(dataset, { batchSize: d.batchSize ?? 64, shuffle: d.shuffle ?? true, seed: d.seed ?? 0 });

  if (!Array.isArray(config.model) || config.model.length === 0) {
    invalidArg(OP, 'model', 'a non-empty array of layers such as [["Linear", 784, 10]]', config.model);
  }
  const seed = config.seed ?? 0;
  if (!isInt(seed)) invalidArg(OP, 'seed', 'an integer', seed);
  manualSeed(seed);
  const layers = config.model.map((spec, i) => {
    if (!Array.isArray(spec) || typeof spec[0] !== 'string') invalidArg(OP, `model[${i}]`, '[layerName, ...arguments], e.g. ["Linear", 784, 10]', spec);
    const [name, ...args] = spec;
    const Layer = (nn as Record<string, unknown>)[name];
    if (typeof Layer !== 'function' || !(Layer.prototype instanceof nn.Module)) {
      invalidArg(OP, `model[${i}][0]`, "the name of an nn layer class (e.g. 'Linear', 'Conv2d', 'ReLU')", name);
    }
    return new (Layer as new (...a: unknown[]) => nn.Module)(...args);
  });
  const model = new nn.Sequential(...layers);

  const [optName, optOptions] = typeof config.optimizer === 'string' || config.optimizer === undefined
    ? [config.optimizer ?? 'AdamW', {}] : config.optimizer;
  const Optimizer = OPTIMIZERS[optName];
  if (!Optimizer) invalidArg(OP, 'optimizer', `${Object.keys(OPTIMIZERS).map((k) => `'${k}'`).join(', ')}, alone or as [name, options]`, config.optimizer);
  // The range test sets the learning rate itself; this one only satisfies optimizers that require it.
  const optimizer = new Optimizer(model.parameters() as never, { lr: 1e-3, ...optOptions } as never);

  const lossName = config.loss ?? 'crossEntropy';
  if (!LOSSES.includes(lossName)) invalidArg(OP, 'loss', `one of ${LOSSES.join(', ')}`, lossName);
  const loss = (nn.functional as unknown as Record<string, TrainerOptions['loss']>)[lossName];
  if (config.precision !== undefined && !PRECISION_MODES.includes(config.precision)) invalidArg(OP, 'precision', PRECISION_MODES.join(', '), config.precision);

  const trainer = new Trainer({
    model, optimizer, loss, device: config.device, precision: config.precision,
    accumulateGradBatches: config.accumulateGradBatches, gradientClipVal: config.gradientClipVal,
  });
  return { trainer, loader, options: config.lrFind ?? {} };
}

/**
 * Loads a setup from a file: a `.json` config ({@link LrFindConfig}), or a JavaScript module whose
 * default export is `{ trainer, loader, options? }` or a (possibly async) function returning it.
 * TypeScript must be compiled first.
 */
export async function loadLrFindSetup(file: string): Promise<LrFindSetup> {
  const path = resolve(file);
  const ext = extname(path);
  if (ext === '.json') {
    let config: LrFindConfig;
    try {
      config = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`cannot read the config ${path}: ${(e as Error).message}`, { cause: e });
    }
    return setupFromConfig(config, file);
  }
  if (!['.js', '.mjs', '.cjs'].includes(ext)) {
    throw new TypeError(`expected a .json config or a .js/.mjs/.cjs module, but received ${path}` +
      (ext === '.ts' || ext === '.mts' ? ' (compile TypeScript first, e.g. with tsc, and pass the .js file)' : ''));
  }
  const s = await loadTrainingSetup<LrFindSetup['trainer']>(path, undefined, 'lrFind');
  return { trainer: s.trainer, loader: s.loader, options: (s.options ?? {}) as LrFindOptions };
}
