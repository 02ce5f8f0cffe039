// ImageFolder and readImage on small PNG and JPEG files the test writes with sharp.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, torch } from '../../lib/index.js';
import * as data from '../../lib/data/index.js';
import { expectError, expectTypeError } from '../helpers/errors.js';

const root = mkdtempSync(join(tmpdir(), 'torchts-imagefolder-'));
const solid = (width: number, height: number, rgb: [number, number, number]) =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });

beforeAll(async () => {
  // Classes sort by code point, as Python's sorted(): 'Zebra' < 'cat' < 'dog'.
  for (const dir of ['cat', 'dog/nested', 'Zebra', 'odd']) mkdirSync(join(root, 'train', dir), { recursive: true });
  await solid(6, 4, [255, 0, 0]).png().toFile(join(root, 'train', 'cat', 'b.png'));
  await solid(6, 4, [0, 255, 0]).png().toFile(join(root, 'train', 'cat', 'a.PNG'));
  await solid(6, 4, [0, 0, 255]).jpeg({ quality: 100 }).toFile(join(root, 'train', 'dog', 'x.jpg'));
  await solid(6, 4, [10, 20, 30]).png().toFile(join(root, 'train', 'dog', 'nested', 'y.png'));
  // A grey PNG and an RGBA PNG: both come out as RGB.
  await sharp(Buffer.alloc(24, 51), { raw: { width: 6, height: 4, channels: 1 } }).toColourspace('b-w').png().toFile(join(root, 'train', 'Zebra', 'grey.png'));
  await sharp({ create: { width: 6, height: 4, channels: 4, background: { r: 200, g: 100, b: 50, alpha: 0.5 } } }).png().toFile(join(root, 'train', 'Zebra', 'rgba.png'));
  writeFileSync(join(root, 'train', 'dog', 'notes.txt'), 'not an image');
  await solid(8, 5, [1, 2, 3]).png().toFile(join(root, 'train', 'odd', 'big.png'));
  // A folder where one class has no image.
  mkdirSync(join(root, 'bad', 'a'), { recursive: true });
  mkdirSync(join(root, 'bad', 'b'), { recursive: true });
  await solid(2, 2, [0, 0, 0]).png().toFile(join(root, 'bad', 'a', 'x.png'));
  writeFileSync(join(root, 'bad', 'b', 'readme.md'), '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pixel = (t: Tensor) => (t.index(':', 0, 0).toArray() as number[]).map((v) => Math.round(v * 255));

describe('ImageFolder', () => {
  it('finds classes and files as torchvision does (sorted by code point, folders walked in sorted order)', () => {
    const ds = new data.ImageFolder({ root: join(root, 'train'), extensions: ['.png', '.jpg'] });
    expect(ds.classes).toEqual(['Zebra', 'cat', 'dog', 'odd']);
    expect(ds.classToIdx).toEqual({ Zebra: 0, cat: 1, dog: 2, odd: 3 });
    expect(ds.samples.map(([p, c]) => [p.slice(root.length + 7), c])).toEqual([
      ['Zebra/grey.png', 0], ['Zebra/rgba.png', 0], ['cat/a.PNG', 1], ['cat/b.png', 1], ['dog/x.jpg', 2], ['dog/nested/y.png', 2], ['odd/big.png', 3],
    ]);
    expect(ds.targets).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(ds.length).toBe(7);
  });

  it('decodes to float32 [3, H, W] in [0, 1], RGB', async () => {
    const ds = new data.ImageFolder({ root: join(root, 'train'), extensions: ['.png', '.jpg'] });
    const [img, label] = await ds.get(3);
    expect(label).toBe(1);
    expect(img.shape).toEqual([3, 4, 6]);
    expect(img.dtype).toBe('float32');
    expect(pixel(img)).toEqual([255, 0, 0]);
    expect(img.min().item()).toBeGreaterThanOrEqual(0);
    expect(img.max().item()).toBeLessThanOrEqual(1);
    expect(pixel((await ds.get(0))[0])).toEqual([51, 51, 51]); // grey to RGB
    expect(pixel((await ds.get(1))[0])).toEqual([200, 100, 50]); // alpha dropped
    const jpeg = pixel((await ds.get(4))[0]); // lossy: close to pure blue
    jpeg.forEach((v, i) => expect(Math.abs(v - [0, 0, 255][i])).toBeLessThanOrEqual(16));
    expect(pixel((await ds.get(5))[0])).toEqual([10, 20, 30]);
  });

  it('resizes to size, and batches through a DataLoader the same as get()', async () => {
    const ds = new data.ImageFolder({ root: join(root, 'train'), size: [3, 5], extensions: ['.png', '.jpg'] });
    const loader = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 0 });
    const order = loader.indices(0);
    const seen: number[] = [];
    let k = 0;
    for await (const [x, y] of loader) {
      expect(x.shape).toEqual([k === 0 ? 4 : 3, 3, 3, 5]);
      expect(y.dtype).toBe('int64');
      const [img, label] = await ds.get(order[4 * k]);
      expect(x.select(0, 0).equal(img)).toBe(true);
      expect(y.select(0, 0).item()).toBe(label);
      seen.push(...(y.toArray() as number[]));
      data.disposeBatch([x, y, img]);
      k++;
    }
    expect(seen.sort()).toEqual([0, 0, 1, 1, 2, 2, 3]);
    // The generic path (a custom collate, so get() per item) gives the same batches.
    const slow = new data.DataLoader(ds,
      { batchSize: 4, shuffle: true, seed: 0, collate: (items: [Tensor, number][]) => data.defaultCollate(items) });
    const fast = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 0 });
    const a: Tensor[][] = [];
    for await (const b of slow) a.push(b);
    let i = 0;
    for await (const b of fast) {
      expect(b[0].equal(a[i][0])).toBe(true);
      expect(b[1].equal(a[i][1])).toBe(true);
      i++;
    }
  });

  it('keeps memory flat over epochs', async () => {
    const ds = new data.ImageFolder({ root: join(root, 'train'), size: 4 });
    const loader = new data.DataLoader(ds, { batchSize: 3, shuffle: true, seed: 1 });
    const slow = new data.DataLoader(ds, { batchSize: 3, collate: (items: [Tensor, number][]) => data.defaultCollate(items) });
    const before = torch.memory().liveTensors;
    for (let e = 0; e < 5; e++) {
      for await (const b of loader) data.disposeBatch(b);
      for await (const b of slow) data.disposeBatch(b);
    }
    expect(torch.memory().liveTensors).toBe(before);
  });

  it('a batch of images of different sizes without size says to set it', async () => {
    const ds = new data.ImageFolder({ root: join(root, 'train') });
    await expect(ds.getBatch([0, 6])).rejects.toThrow(/ImageFolder\.getBatch: .*big\.png is 5×8 but .*grey\.png is 4×6; images of a batch must have one size: set the size option/);
  });

  it('errors name the folder, the class without images, and bad options', async () => {
    expectError(() => new data.ImageFolder({ root: join(root, 'nope') }), {
      class: 'TorchError', code: 'ERR_STATE', message: `ImageFolder(): the folder ${join(root, 'nope')} does not exist`,
    });
    expectError(() => new data.ImageFolder({ root: join(root, 'bad') }), {
      class: 'TorchError', code: 'ERR_STATE',
      message: `ImageFolder(): found no image file for the classes b in ${join(root, 'bad')}; the extensions read are .jpg, .jpeg, .png, .webp, .tif, .tiff, .gif`,
    });
    expectError(() => new data.ImageFolder({ root: join(root, 'bad', 'a') }), {
      class: 'TorchError', code: 'ERR_STATE', message: `ImageFolder(): found no class folder in ${join(root, 'bad', 'a')}; expected one subfolder per class`,
    });
    expectTypeError(() => new data.ImageFolder({ root: join(root, 'train'), sise: 3 } as never), "ImageFolder(): unknown option 'sise'. Did you mean 'size'?");
    expectTypeError(() => new data.ImageFolder({ root: join(root, 'train'), size: 0 }),
      'ImageFolder(): expected size to be a positive integer or [height, width] of positive integers, but received 0 of type number');
    expectTypeError(() => new data.ImageFolder({ root: join(root, 'train'), extensions: ['png'] }),
      "ImageFolder(): expected extensions to be a non-empty array of extensions such as '.png', but received an array of length 1");
    expectTypeError(() => new data.ImageFolder({ root: 3 } as never), 'ImageFolder(): expected root to be a folder path, but received 3 of type number');
    await expect(data.readImage(join(root, 'train', 'dog', 'notes.txt'))).rejects.toThrow(/readImage\(\): cannot decode .*notes\.txt/);
  });
});

describe('readImage', () => {
  it('reads and resizes one file', async () => {
    const img = await data.readImage(join(root, 'train', 'cat', 'b.png'), { size: 2 });
    expect(img.shape).toEqual([3, 2, 2]);
    expect(pixel(img)).toEqual([255, 0, 0]);
  });
});

describe('readImage errors', () => {
  it('names bad arguments', async () => {
    await expect(data.readImage(3 as never)).rejects.toThrow("readImage(): expected path to be a file path, but received 3 of type number");
    await expect(data.readImage('x.png', { size: [2] as never })).rejects.toThrow('readImage(): expected size to be a positive integer or [height, width] of positive integers, but received an array of length 1');
    await expect(data.readImage('x.png', { sizes: 2 } as never)).rejects.toThrow("readImage(): unknown option 'sizes'. Did you mean 'size'?");
  });
});
