/**
 * MNIST and Fashion-MNIST from their IDX files.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TorchError, checkOptions, invalidArg, mapItems } from '../errors.js';
import { tensor } from '../tensor/create.js';
import { keep, tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { Dataset, checkIndex } from './dataset.js';
import { readIdx } from './idx.js';

/** Options of {@link MNIST} and {@link FashionMNIST}. */
export interface MNISTOptions {
  /**
   * The folder holding the four IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or `.gz`); torchvision's
   * `<root>/<Name>/raw` layout is found too. Default: the environment variable, then the
   * Debian location (see each class).
   */
  root?: string;
  /** The 60,000 training images (true, default) or the 10,000 test images (false). */
  train?: boolean;
}

interface Source {
  name: string;
  env: string;
  defaultRoot: string;
  howToGet: string;
  classes: string[];
}

/**
 * The MNIST family of datasets: 28×28 grey images with labels 0-9, read from IDX files. Items are
 * `[image, label]`: a float32 `[1, 28, 28]` tensor in [0, 1] and an integer (int64 once batched).
 *
 * The images stay in memory as uint8 (47 MB for the training set); each item or batch is
 * converted when read. A DataLoader over the dataset gathers batches with `indexSelect`
 * ({@link getBatch}); {@link tensors} gives the whole set at once.
 */
abstract class MnistLike extends Dataset<[Tensor, number]> {
  /** The folder the files were read from. */
  readonly root: string;
  /** Whether this is the training split. */
  readonly train: boolean;
  /** The images as uint8 `[N, 28, 28]`, as torchvision's `.data`. */
  readonly data: Tensor;
  /** The labels as int64 `[N]`, as torchvision's `.targets`. */
  readonly targets: Tensor;
  /** The class names, by label. */
  readonly classes: string[];
  private readonly labels: Uint8Array;

  protected constructor(src: Source, options: MNISTOptions | undefined) {
    super();
    const op = src.name;
    checkOptions(op, options, ['root', 'train']);
    const root = options?.root ?? process.env[src.env] ?? src.defaultRoot;
    if (typeof root !== 'string') invalidArg(op, 'root', 'a folder path', root);
    const train = options?.train ?? true;
    if (typeof train !== 'boolean') invalidArg(op, 'train', 'a boolean', train);
    const origin = options?.root !== undefined ? 'the root option' : process.env[src.env] !== undefined ? src.env : 'the default location';
    const how = `${src.howToGet}, or point the root option or ${src.env} at a folder holding the IDX files.`;
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      const what = existsSync(root) ? 'is not a folder' : 'does not exist';
      throw new TorchError(`${op}(): ${root} (from ${origin}) ${what}. ${how}`, 'ERR_STATE');
    }
    const nested = join(root, src.name, 'raw');
    const prefix = train ? 'train' : 't10k';
    const dir = findFile(root, `${prefix}-images-idx3-ubyte`) === null && existsSync(nested) ? nested : root;
    const imagesFile = findFile(dir, `${prefix}-images-idx3-ubyte`);
    const labelsFile = findFile(dir, `${prefix}-labels-idx1-ubyte`);
    for (const [file, base] of [[imagesFile, `${prefix}-images-idx3-ubyte`], [labelsFile, `${prefix}-labels-idx1-ubyte`]] as const) {
      if (file === null) throw new TorchError(`${op}(): ${base}[.gz] is missing from ${dir} (from ${origin}). ${how}`, 'ERR_STATE');
    }
    this.root = dir;
    this.train = train;
    this.classes = src.classes;
    const [images, labels] = tidy(() => [readIdx(imagesFile!), readIdx(labelsFile!)]);
    if (images.dtype !== 'uint8' || images.ndim !== 3 || labels.dtype !== 'uint8' || labels.ndim !== 1 || labels.shape[0] !== images.shape[0]) {
      const shapes = `images ${images.dtype} [${images.shape}], labels ${labels.dtype} [${labels.shape}]`;
      images.dispose();
      labels.dispose();
      throw new TorchError(`${op}(): expected uint8 images [N, H, W] and N uint8 labels in ${dir}, but found ${shapes}`, 'ERR_STATE');
    }
    this.data = keep(images);
    this.labels = labels.data() as Uint8Array;
    this.targets = keep(tidy(() => labels.long()));
    labels.dispose();
  }

  /** The number of images. */
  get length(): number {
    return this.labels.length;
  }

  /** Image `index` as float32 `[1, 28, 28]` in [0, 1], and its label. */
  get(index: number): [Tensor, number] {
    const i = checkIndex(`${this.constructor.name}.get`, index, this.labels.length);
    return [tidy(() => this.data.select(0, i).unsqueeze(0).float().div(255)), this.labels[i]];
  }

  /** The batch of images `[B, 1, 28, 28]` (float32 in [0, 1]) and labels `[B]` (int64) at `indices`. */
  override getBatch(indices: number[]): [Tensor, Tensor] {
    const n = this.labels.length;
    const op = `${this.constructor.name}.getBatch`;
    if (!Array.isArray(indices)) invalidArg(op, 'indices', 'an array of integers', indices);
    const idx = mapItems(indices, (i) => checkIndex(op, i, n));
    return tidy(() => {
      const t = tensor(Float64Array.from(idx), { dtype: 'int64' });
      return [this.data.indexSelect(0, t).unsqueeze(1).float().div(255), this.targets.indexSelect(0, t)];
    });
  }

  /**
   * The whole split as two new tensors: images float32 `[N, 1, 28, 28]` in [0, 1] and labels int64
   * `[N]`. The caller owns them (`new data.TensorDataset(...ds.tensors())` trains on them).
   */
  tensors(): [Tensor, Tensor] {
    return tidy(() => [this.data.unsqueeze(1).float().div(255), this.targets.clone()]);
  }

  /** Releases the images and labels now, instead of at garbage collection. */
  dispose(): void {
    this.data.dispose();
    this.targets.dispose();
  }
}

function findFile(dir: string, base: string): string | null {
  for (const name of [base, `${base}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * Fashion-MNIST (Zalando): 70,000 28×28 grey images of clothes in 10 classes, as
 * `torchvision.datasets.FashionMNIST`.
 *
 * The files are read from `root`, else `$FASHION_MNIST_DIR`, else
 * `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist` package installs them there).
 *
 * @example
 * ```ts
 * const train = new data.FashionMNIST({ train: true });
 * const [image, label] = train.get(0); // float32 [1, 28, 28], 9 ('Ankle boot')
 * const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
 * ```
 */
export class FashionMNIST extends MnistLike {
  /** @throws TorchError (ERR_STATE) naming the missing folder or file, and how to get the data. */
  constructor(options?: MNISTOptions) {
    super({
      name: 'FashionMNIST', env: 'FASHION_MNIST_DIR', defaultRoot: '/usr/share/datasets/fashion-mnist',
      howToGet: 'Install the dataset with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu)',
      classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    }, options);
  }
}

/**
 * MNIST: 70,000 28×28 grey images of handwritten digits, as `torchvision.datasets.MNIST`.
 *
 * The files are read from `root`, else `$MNIST_DIR`, else `/usr/share/datasets/mnist`.
 */
export class MNIST extends MnistLike {
  /** @throws TorchError (ERR_STATE) naming the missing folder or file, and how to get the data. */
  constructor(options?: MNISTOptions) {
    super({
      name: 'MNIST', env: 'MNIST_DIR', defaultRoot: '/usr/share/datasets/mnist',
      howToGet: 'Download the four IDX files of MNIST (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ' +
        't10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)',
      classes: ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'],
    }, options);
  }
}
