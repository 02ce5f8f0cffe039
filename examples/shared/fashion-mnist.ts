/**
 * Fashion-MNIST for the examples: the IDX files of Debian's dataset-fashion-mnist (or the folder in
 * FASHION_MNIST_DIR), as normalised float32 images [N, 1, 28, 28] and int64 labels [N].
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Tensor, torch } from '../../lib/index.js';
import { readIdx } from '../../lib/data/idx.js';

export const FASHION_MNIST_DIR = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';

/** The training set's mean and standard deviation of pixel values in [0, 1]. */
const MEAN = 0.286;
const STD = 0.353;

export function loadFashionMnist(split: 'train' | 'test'): { x: Tensor; y: Tensor } {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = join(FASHION_MNIST_DIR, `${prefix}-images-idx3-ubyte.gz`);
  if (!existsSync(images)) {
    throw new Error(`Fashion-MNIST not found in ${FASHION_MNIST_DIR}. Install it (apt-get install dataset-fashion-mnist) ` +
      'or set FASHION_MNIST_DIR to a folder with the four IDX files.');
  }
  return torch.tidy(() => ({
    x: readIdx(images).float().div(255).sub(MEAN).div(STD).unsqueeze(1),
    y: readIdx(join(FASHION_MNIST_DIR, `${prefix}-labels-idx1-ubyte.gz`)).long(),
  }));
}
