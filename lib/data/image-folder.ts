/**
 * ImageFolder: images in one subfolder per class, as `torchvision.datasets.ImageFolder`.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { TorchError, allItems, checkOptions, invalidArg, mapItems } from '../errors.js';
import { tensor } from '../tensor/create.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { Dataset, checkIndex } from './dataset.js';
import { type ImageSize, type RawImage, bytesToTensor, decodeImage, sizeArg } from './image.js';

/** The file extensions {@link ImageFolder} reads by default (those sharp decodes), compared lower-case. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif'];

/** Options of {@link ImageFolder}. */
export interface ImageFolderOptions {
  /** The folder holding one subfolder per class. */
  root: string;
  /**
   * Resize every image to `size` (n×n, or `[height, width]`) with bilinear filtering, ignoring the
   * aspect ratio. Without it, images keep their own size, and batching needs them all the same size.
   */
  size?: ImageSize;
  /** File extensions to read, lower-case with the dot. Default {@link IMAGE_EXTENSIONS}. */
  extensions?: readonly string[];
}

// Sorted as Python's sorted() sorts str: by code point.
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// Every folder under `dir` (itself included, symlinks followed), as os.walk lists them.
function walk(dir: string, out: string[] = [], depth = 0): string[] {
  out.push(dir);
  if (depth > 64) return out;
  for (const name of readdirSync(dir).sort(byCodePoint)) {
    const p = join(dir, name);
    if (isDir(p)) walk(p, out, depth + 1);
  }
  return out;
}

/**
 * A dataset of image files laid out one subfolder per class (`root/cat/1.jpg`, `root/dog/a.png`),
 * as `torchvision.datasets.ImageFolder`: classes are the subfolder names sorted by code point (as
 * Python's `sorted`), files are found recursively in sorted order, and items are `[image, classIndex]`
 * with the image as float32 `[3, H, W]` in [0, 1] (RGB; grey images are converted, alpha dropped).
 *
 * Decoding uses sharp, off the main thread: `get` is asynchronous, and a DataLoader decodes a
 * batch's files in parallel ({@link getBatch}) while the previous batch trains.
 *
 * @example
 * ```ts
 * const ds = new data.ImageFolder({ root: 'photos/train', size: 64 });
 * ds.classes; // ['cat', 'dog']
 * const loader = new data.DataLoader(ds, { batchSize: 32, shuffle: true, seed: 0 });
 * for await (const [images, labels] of loader) { ... } // [32, 3, 64, 64], [32]
 * ```
 */
export class ImageFolder extends Dataset<[Tensor, number]> {
  /** The root folder. */
  readonly root: string;
  /** The class names (subfolder names), sorted. */
  readonly classes: string[];
  /** Class name to index. */
  readonly classToIdx: Record<string, number>;
  /** Every `[path, classIndex]`, in item order. */
  readonly samples: [string, number][];
  /** The class index of every item. */
  readonly targets: number[];
  /** `[height, width]` every image is resized to, or null. */
  readonly size: [number, number] | null;

  /**
   * Lists the classes and files (nothing is decoded yet).
   * @throws TorchError (ERR_STATE) when the folder is missing, has no class folder, or a class has no image.
   */
  constructor(options: ImageFolderOptions) {
    super();
    const op = 'ImageFolder';
    if (options === null || typeof options !== 'object') invalidArg(op, 'options', 'an object with root', options);
    checkOptions(op, options, ['root', 'size', 'extensions']);
    const { root } = options;
    if (typeof root !== 'string') invalidArg(op, 'root', 'a folder path', root);
    this.size = options.size === undefined ? null : sizeArg(op, 'size', options.size);
    const extensions = options.extensions ?? IMAGE_EXTENSIONS;
    if (!Array.isArray(extensions) || extensions.length === 0 || !allItems(extensions, (e) => typeof e === 'string' && e.startsWith('.'))) {
      invalidArg(op, 'extensions', "a non-empty array of extensions such as '.png'", extensions);
    }
    if (!existsSync(root)) throw new TorchError(`${op}(): the folder ${root} does not exist`, 'ERR_STATE');
    if (!isDir(root)) throw new TorchError(`${op}(): ${root} is not a folder`, 'ERR_STATE');
    const classes = readdirSync(root).filter((name) => isDir(join(root, name))).sort(byCodePoint);
    if (classes.length === 0) throw new TorchError(`${op}(): found no class folder in ${root}; expected one subfolder per class`, 'ERR_STATE');
    const exts = extensions.map((e) => e.toLowerCase());
    this.root = root;
    this.classes = classes;
    this.classToIdx = Object.fromEntries(classes.map((c, i) => [c, i]));
    this.samples = [];
    const empty: string[] = [];
    classes.forEach((c, index) => {
      const before = this.samples.length;
      for (const dir of walk(join(root, c)).sort(byCodePoint)) {
        for (const name of readdirSync(dir).sort(byCodePoint)) {
          const p = join(dir, name);
          if (exts.includes(extname(name).toLowerCase()) && !isDir(p)) this.samples.push([p, index]);
        }
      }
      if (this.samples.length === before) empty.push(c);
    });
    if (empty.length > 0) {
      throw new TorchError(`${op}(): found no image file for the classes ${empty.join(', ')} in ${root}; ` +
        `the extensions read are ${exts.join(', ')}`, 'ERR_STATE');
    }
    this.targets = this.samples.map((s) => s[1]);
  }

  /** The number of images. */
  get length(): number {
    return this.samples.length;
  }

  /** Image `index` as float32 `[3, H, W]` in [0, 1], and its class index. */
  async get(index: number): Promise<[Tensor, number]> {
    const [path, target] = this.samples[checkIndex('ImageFolder.get', index, this.samples.length)];
    const raw = await decodeImage(path, this.size ?? undefined);
    return [tidy(() => bytesToTensor(raw.data, 1, raw.height, raw.width).squeeze(0)), target];
  }

  /**
   * The batch at `indices`: images float32 `[B, 3, H, W]` and labels int64 `[B]`, decoded in
   * parallel and assembled into one tensor. Throws when the images differ in size (set `size`).
   */
  override async getBatch(indices: number[]): Promise<[Tensor, Tensor]> {
    const n = this.samples.length;
    if (!Array.isArray(indices)) invalidArg('ImageFolder.getBatch', 'indices', 'an array of integers', indices);
    const picked = mapItems(indices, (i) => this.samples[checkIndex('ImageFolder.getBatch', i, n)]);
    const raws: RawImage[] = await Promise.all(picked.map(([p]) => decodeImage(p, this.size ?? undefined)));
    const { height, width } = raws[0];
    raws.forEach((r, k) => {
      if (r.height !== height || r.width !== width) {
        throw new TorchError(`ImageFolder.getBatch: ${picked[k][0]} is ${r.height}×${r.width} but ${picked[0][0]} is ${height}×${width}; ` +
          'images of a batch must have one size: set the size option to resize them', 'ERR_STATE');
      }
    });
    const bytes = new Uint8Array(raws.length * height * width * 3);
    raws.forEach((r, k) => bytes.set(r.data, k * height * width * 3));
    return tidy(() => [bytesToTensor(bytes, raws.length, height, width), tensor(Float64Array.from(picked, (s) => s[1]), { dtype: 'int64' })]);
  }
}
