/**
 * Decoding image files (JPEG, PNG, WebP, TIFF, GIF) into tensors, with sharp.
 * @module
 */
import { TorchError, checkOptions, invalidArg, isInt } from '../errors.js';
import { tensor } from '../tensor/create.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';

type Sharp = typeof import('sharp').default;
let sharpModule: Promise<Sharp> | null = null;

/** Loads sharp on first use, so that the rest of torchts works where sharp is not installed. */
export function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((m) => m.default).catch((e: Error) => {
    sharpModule = null;
    throw new TorchError(`torchts data: decoding images needs the sharp package, which could not be loaded (${e.message.split('\n')[0]}). ` +
      'Install it with `npm install sharp`.', 'ERR_LOAD');
  });
  return sharpModule;
}

/** An image size: `n` for n×n, or `[height, width]`. */
export type ImageSize = number | [number, number];

/** Reads an {@link ImageSize} option into `[height, width]`. */
export function sizeArg(op: string, name: string, size: unknown): [number, number] {
  if (isInt(size) && size > 0) return [size, size];
  if (Array.isArray(size) && size.length === 2 && size.every((s) => isInt(s) && s > 0)) return [size[0], size[1]];
  return invalidArg(op, name, 'a positive integer or [height, width] of positive integers', size);
}

/** Decoded pixels: interleaved RGB bytes, `height × width × 3`. */
export interface RawImage {
  /** The bytes, row by row, R, G, B for each pixel. */
  data: Uint8Array;
  /** Rows. */
  height: number;
  /** Columns. */
  width: number;
}

/**
 * Decodes an image file to RGB bytes (sharp converts every colour space to sRGB), as torchvision's default loader does (`PIL.Image.open(f)
 * .convert('RGB')`: grey and palette images become RGB, alpha is dropped, EXIF orientation is not
 * applied), optionally resized to `size` with bilinear filtering (aspect ratio not kept).
 */
export async function decodeImage(path: string, size?: [number, number]): Promise<RawImage> {
  const sharp = await loadSharp();
  let img = sharp(path).removeAlpha().toColourspace('srgb');
  if (size) img = img.resize(size[1], size[0], { fit: 'fill', kernel: 'linear' });
  let out: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    out = await img.raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new TorchError(`readImage(): cannot decode ${path}: ${(e as Error).message}`, 'ERR_STATE');
  }
  const { width, height, channels } = out.info;
  if (channels !== 3) throw new TorchError(`readImage(): ${path} decoded to ${channels} channels; expected 3 (RGB)`, 'ERR_STATE');
  const data = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
  return { data, height, width };
}

/** RGB bytes of one or more images of one size (`[N, H, W, 3]` interleaved) to float32 `[N, 3, H, W]` in [0, 1]. */
export function bytesToTensor(data: Uint8Array, n: number, height: number, width: number): Tensor {
  return tidy(() => tensor(data, { shape: [n, height, width, 3] }).permute(0, 3, 1, 2).float().div(255).contiguous());
}

/** Options of {@link readImage}. */
export interface ReadImageOptions {
  /** Resize to `size` (n×n, or `[height, width]`) with bilinear filtering. Default: the file's size. */
  size?: ImageSize;
}

/**
 * Reads a JPEG, PNG, WebP, TIFF or GIF file into a float32 `[3, H, W]` tensor in [0, 1] (RGB),
 * decoding with sharp off the main thread.
 *
 * @example
 * ```ts
 * const img = await data.readImage('cat.jpg', { size: 224 }); // [3, 224, 224]
 * ```
 */
export async function readImage(path: string, options?: ReadImageOptions): Promise<Tensor> {
  if (typeof path !== 'string') invalidArg('readImage', 'path', 'a file path', path);
  checkOptions('readImage', options, ['size']);
  const size = options?.size === undefined ? undefined : sizeArg('readImage', 'size', options.size);
  const raw = await decodeImage(path, size);
  return tidy(() => bytesToTensor(raw.data, 1, raw.height, raw.width).squeeze(0));
}
