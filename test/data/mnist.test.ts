// MNIST-family datasets on the real Fashion-MNIST files (Debian's dataset-fashion-mnist, installed
// at /usr/share/datasets/fashion-mnist or in FASHION_MNIST_DIR), and the errors that say how to get them.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TorchError, torch } from '../../lib/index.js';
import * as data from '../../lib/data/index.js';
import { expectError, expectTypeError } from '../helpers/errors.js';

const ROOT = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const HAVE = existsSync(join(ROOT, 'train-images-idx3-ubyte.gz')) || existsSync(join(ROOT, 'train-images-idx3-ubyte'));
const tmp = mkdtempSync(join(tmpdir(), 'torchts-mnist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function idx(type: number, shape: number[], body: Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * shape.length);
  head[2] = type;
  head[3] = shape.length;
  shape.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(body)]);
}

describe.skipIf(!HAVE)('FashionMNIST on the real files', () => {
  const train = HAVE ? new data.FashionMNIST() : (null as never);
  const test = HAVE ? new data.FashionMNIST({ root: ROOT, train: false }) : (null as never);

  it('has 60,000 training and 10,000 test images with labels 0-9', () => {
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.data.shape).toEqual([60000, 28, 28]);
    expect(train.data.dtype).toBe('uint8');
    expect(train.targets.dtype).toBe('int64');
    expect(train.targets.min().item()).toBe(0);
    expect(train.targets.max().item()).toBe(9);
    expect(train.classes.length).toBe(10);
    // Every class has 6,000 training images.
    expect(torch.tidy(() => train.targets.eq(3).sum().item())).toBe(6000);
  });

  it('items are float32 [1, 28, 28] images in [0, 1] and integer labels', () => {
    const [image, label] = train.get(0);
    expect(image.shape).toEqual([1, 28, 28]);
    expect(image.dtype).toBe('float32');
    expect(image.min().item()).toBeGreaterThanOrEqual(0);
    expect(image.max().item()).toBeLessThanOrEqual(1);
    expect(label).toBe(9); // the first training image is an ankle boot
    expect(Number.isInteger(test.get(-1)[1])).toBe(true);
  });

  it('tensors() gives the whole set; its pixel mean is the known 0.2860', () => {
    const [x, y] = train.tensors();
    expect(x.shape).toEqual([60000, 1, 28, 28]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([60000]);
    expect(y.dtype).toBe('int64');
    expect(x.mean().item()).toBeCloseTo(0.286, 3);
    expect(x.std().item()).toBeCloseTo(0.353, 3);
    x.dispose();
    y.dispose();
  });

  it('batches through a DataLoader, equal to get()', async () => {
    const loader = new data.DataLoader(test, { batchSize: 256, shuffle: true, seed: 0 });
    expect(loader.length).toBe(40);
    const order = loader.indices(0);
    let k = 0;
    for await (const [x, y] of loader) {
      expect(x.shape).toEqual([256, 1, 28, 28]);
      expect(y.dtype).toBe('int64');
      const [img, label] = test.get(order[k * 256 + 3]);
      expect(x.select(0, 3).equal(img)).toBe(true);
      expect(y.select(0, 3).item()).toBe(label);
      data.disposeBatch([x, y, img]);
      if (++k === 2) break;
    }
  });
});

describe('MNIST from a folder (plain and gzipped IDX files, torchvision layout)', () => {
  it('reads files it finds under root or root/MNIST/raw', () => {
    const raw = join(tmp, 'tv', 'MNIST', 'raw');
    mkdirSync(raw, { recursive: true });
    const pixels = Uint8Array.from({ length: 3 * 28 * 28 }, (_, i) => i % 256);
    writeFileSync(join(raw, 't10k-images-idx3-ubyte'), idx(0x08, [3, 28, 28], pixels));
    writeFileSync(join(raw, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx(0x08, [3], Uint8Array.from([7, 1, 4]))));
    const ds = new data.MNIST({ root: join(tmp, 'tv'), train: false });
    expect(ds.length).toBe(3);
    expect(ds.root).toBe(raw);
    const [img, label] = ds.get(1);
    expect(label).toBe(1);
    expect(img.shape).toEqual([1, 28, 28]);
    expect(img.flatten().index(0).item()).toBeCloseTo((784 % 256) / 255, 6);
    const [xb, yb] = ds.getBatch([2, 0]);
    expect(yb.toArray()).toEqual([4, 7]);
    expect(xb.shape).toEqual([2, 1, 28, 28]);
  });
});

describe('errors', () => {
  it('a missing folder says how to get the data', () => {
    expectError(() => new data.FashionMNIST({ root: join(tmp, 'nowhere') }), {
      class: 'TorchError', code: 'ERR_STATE',
      message: `FashionMNIST(): ${join(tmp, 'nowhere')} (from the root option) does not exist. Install the dataset with ` +
        '`apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or point the root option or FASHION_MNIST_DIR at a folder holding the IDX files.',
    });
    const saved = process.env.MNIST_DIR;
    process.env.MNIST_DIR = join(tmp, 'missing-mnist');
    try {
      expectError(() => new data.MNIST(), {
        class: 'TorchError', code: 'ERR_STATE',
        message: new RegExp(`^MNIST\\(\\): ${join(tmp, 'missing-mnist')} \\(from MNIST_DIR\\) does not exist\\. Download the four IDX files of MNIST .*point the root option or MNIST_DIR at a folder`),
      });
    } finally {
      if (saved === undefined) delete process.env.MNIST_DIR;
      else process.env.MNIST_DIR = saved;
    }
  });

  it('a folder without the files names the missing file', () => {
    expectError(() => new data.FashionMNIST({ root: tmp }), {
      class: 'TorchError', code: 'ERR_STATE',
      message: new RegExp(`^FashionMNIST\\(\\): train-images-idx3-ubyte\\[\\.gz\\] is missing from ${tmp} \\(from the root option\\)\\. Install the dataset with`),
    });
  });

  it('bad options are named', () => {
    expectTypeError(() => new data.FashionMNIST({ trian: false } as never), "FashionMNIST(): unknown option 'trian'. Did you mean 'train'?");
    expectTypeError(() => new data.FashionMNIST({ train: 'no' } as never), "FashionMNIST(): expected train to be a boolean, but received 'no' of type string");
    expectTypeError(() => new data.MNIST({ root: 5 } as never), 'MNIST(): expected root to be a folder path, but received 5 of type number');
    expect(() => new data.MNIST({ root: join(tmp, 'x') })).toThrow(TorchError);
  });
});
