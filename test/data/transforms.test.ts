// Batch augmentations: shapes, value ranges, determinism for a seed, per-sample randomness,
// p = 0 (identity) and p = 1 (always), the transforms' own semantics, memory, and every bad option.
import { describe, expect, it } from 'vitest';
import { type Tensor, nn, torch } from '../../lib/index.js';
import * as data from '../../lib/data/index.js';
import { expectRangeError, expectTypeError } from '../helpers/errors.js';

const F = nn.functional;
const live = () => torch.memory().liveTensors;

/** A batch of `n` copies of one image with distinct pixel values in (0, 1]: differences come from the transform. */
function copies(n: number, c = 3, h = 8, w = 8): Tensor {
  return torch.tidy(() => torch.arange(1, c * h * w + 1, 1, { dtype: 'float32' }).div(c * h * w).reshape([1, c, h, w]).repeat([n, 1, 1, 1]));
}

function randomBatch(seed: number, shape = [16, 3, 8, 8]): Tensor {
  torch.manualSeed(seed);
  return torch.rand(shape);
}

/** The number of different samples in a batch. */
const distinctSamples = (t: Tensor) => new Set((t.toArray() as unknown[]).map((s) => JSON.stringify(s))).size;

/** Runs `fn` and checks that it leaves exactly its result alive. */
function scoped<T>(fn: () => T, results = 1): T {
  const before = live();
  const out = fn();
  expect(live()).toBe(before + results);
  return out;
}

describe('normalize', () => {
  it('normalizes per channel', () => {
    const x = randomBatch(0, [4, 3, 5, 5]);
    const y = scoped(() => data.normalize([0.5, 0.4, 0.3], [0.2, 0.25, 0.5])(x));
    const mean = torch.tensor([0.5, 0.4, 0.3]).reshape([1, 3, 1, 1]);
    const std = torch.tensor([0.2, 0.25, 0.5]).reshape([1, 3, 1, 1]);
    expect(y.allclose(x.sub(mean).div(std))).toBe(true);
    expect(data.normalize(0.5, 0.5)(x).allclose(x.mul(2).sub(1), 1e-6, 1e-6)).toBe(true);
    expect(data.normalize(0.5, 0.5).kind).toBe('input');
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => data.normalize('a' as never, 1), "normalize(): expected mean to be a finite number or a non-empty array of finite numbers (one per channel), but received 'a' of type string");
    expectRangeError(() => data.normalize([0, 0], [1, 0]), 'normalize(): expected std[1] to be non-zero, but received 0 of type number');
    expectRangeError(() => data.normalize([0, 0], [1, 1])(torch.zeros([1, 3, 2, 2])), "normalize(): expected mean to have 1 or 3 values (the input's channels), but it has 2");
    expectTypeError(() => data.normalize(0, 1)(torch.zeros([3, 2, 2])), 'normalize(): expected input to be a batch of images [N, C, H, W], but received a tensor of shape [3, 2, 2]');
    expectTypeError(() => data.normalize(0, 1)(torch.zeros([1, 1, 2, 2], { dtype: 'int64' })), 'normalize(): expected input to be a floating-point tensor, but received a tensor of dtype int64');
    expectTypeError(() => data.normalize(0, 1)([1] as never), 'normalize(): expected input to be a Tensor [N, C, H, W], but received an array of length 1');
  });
});

describe('random flips', () => {
  for (const [name, make, dim] of [['randomHorizontalFlip', data.randomHorizontalFlip, 3], ['randomVerticalFlip', data.randomVerticalFlip, 2]] as const) {
    it(`${name}: per-sample, seeded, p = 0 and p = 1`, () => {
      const x = copies(32);
      const y = scoped(() => make(0.5, { seed: 1 })(x));
      expect(y.shape).toEqual(x.shape);
      const flipped = x.flip(dim);
      const isFlipped = Array.from({ length: 32 }, (_, i) => y.select(0, i).equal(flipped.select(0, i)));
      const isSame = Array.from({ length: 32 }, (_, i) => y.select(0, i).equal(x.select(0, i)));
      expect(isFlipped.map((f, i) => f || isSame[i]).every(Boolean)).toBe(true);
      const count = isFlipped.filter(Boolean).length;
      expect(count).toBeGreaterThan(5);
      expect(count).toBeLessThan(27);
      expect(make(0.5, { seed: 1 })(x).equal(y)).toBe(true); // same seed, same flips
      expect(make(0.5, { seed: 2 })(x).equal(y)).toBe(false);
      expect(make(0, { seed: 1 })(x).equal(x)).toBe(true);
      expect(make(1, { seed: 1 })(x).equal(flipped)).toBe(true);
      // The second call draws new flips.
      const t = make(0.5, { seed: 1 });
      t(x);
      expect(t(x).equal(y)).toBe(false);
    });
  }

  it('restores its generator state', () => {
    const x = copies(16);
    const t = data.randomHorizontalFlip(0.5, { seed: 3 });
    const s = t.stateDict();
    const a = t(x);
    t.loadStateDict(JSON.parse(JSON.stringify(s)));
    expect(t(x).equal(a)).toBe(true);
  });

  it('without a seed, two transforms draw different numbers', () => {
    torch.manualSeed(0);
    const x = copies(32);
    expect(data.randomHorizontalFlip()(x).equal(data.randomHorizontalFlip()(x))).toBe(false);
  });

  it('rejects bad arguments', () => {
    expectRangeError(() => data.randomHorizontalFlip(1.5), 'randomHorizontalFlip(): expected p to be a probability in [0, 1], but received 1.5 of type number');
    expectRangeError(() => data.randomVerticalFlip(-0.1), 'randomVerticalFlip(): expected p to be a probability in [0, 1], but received -0.1 of type number');
    expectTypeError(() => data.randomHorizontalFlip(0.5, { seeds: 1 } as never), "randomHorizontalFlip(): unknown option 'seeds'. Did you mean 'seed'?");
    expectTypeError(() => data.randomHorizontalFlip(0.5, { seed: 'x' } as never), "randomHorizontalFlip(): expected seed to be a non-negative integer, but received 'x' of type string");
    expectTypeError(() => data.randomHorizontalFlip(0.5, { generator: 1 } as never), 'randomHorizontalFlip(): expected generator to be a data.Generator, but received 1 of type number');
    expectTypeError(() => data.randomHorizontalFlip(0.5).loadStateDict(null), 'randomHorizontalFlip.loadStateDict(): expected state to be an object from stateDict(), but received null');
  });
});

describe('randomCrop', () => {
  it('crops windows of the padded images, each sample at its own position', () => {
    const x = copies(24, 2, 6, 6);
    const y = scoped(() => data.randomCrop(4, { padding: 2, seed: 0 })(x));
    expect(y.shape).toEqual([24, 2, 4, 4]);
    const padded = F.pad(x, [2, 2, 2, 2]);
    for (let i = 0; i < 24; i++) {
      let found = false;
      for (let t = 0; t <= 6 && !found; t++) {
        for (let l = 0; l <= 6 && !found; l++) found = padded.select(0, i).narrow(1, t, 4).narrow(2, l, 4).equal(y.select(0, i));
      }
      expect(found).toBe(true);
    }
    expect(distinctSamples(y)).toBeGreaterThan(10);
    expect(data.randomCrop(4, { padding: 2, seed: 0 })(x).equal(y)).toBe(true);
    expect(data.randomCrop(4, { padding: 2, seed: 1 })(x).equal(y)).toBe(false);
    // The full size without padding is the identity.
    expect(data.randomCrop(6, { seed: 0 })(x).equal(x)).toBe(true);
  });

  it('pads as asked: [h, w] sizes, fill, modes, padIfNeeded', () => {
    const x = copies(4, 1, 3, 5);
    const y = data.randomCrop([5, 5], { padIfNeeded: true, fill: -1, seed: 0 })(x);
    expect(y.shape).toEqual([4, 1, 5, 5]);
    expect(y.eq(-1).sum().item()).toBe(4 * 2 * 5);
    const r = data.randomCrop([3, 5], { padding: [0, 1], paddingMode: 'reflect', seed: 0 })(x);
    expect(r.shape).toEqual([4, 1, 3, 5]);
    expect(r.min().item()).toBeGreaterThan(0);
    expect(data.randomCrop(3, { padding: [1, 0, 0, 0], seed: 0 })(x).shape).toEqual([4, 1, 3, 3]);
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => data.randomCrop(0), 'randomCrop(): expected size to be a positive integer or [height, width] of positive integers, but received 0 of type number');
    expectTypeError(() => data.randomCrop(4, { padding: [1, 2, 3] as never }),
      'randomCrop(): expected padding to be a non-negative integer, [leftRight, topBottom] or [left, top, right, bottom], but received an array of length 3');
    expectTypeError(() => data.randomCrop(4, { paddingMode: 'edge' as never }), "randomCrop(): expected paddingMode to be 'constant', 'reflect', 'replicate' or 'circular', but received 'edge' of type string");
    expectTypeError(() => data.randomCrop(4, { fill: 'x' as never }), "randomCrop(): expected fill to be a finite number, but received 'x' of type string");
    expectTypeError(() => data.randomCrop(4, { padIfNeeded: 1 as never }), 'randomCrop(): expected padIfNeeded to be a boolean, but received 1 of type number');
    expectTypeError(() => data.randomCrop(4, { pading: 1 } as never), "randomCrop(): unknown option 'pading'. Did you mean 'padding'?");
    expectRangeError(() => data.randomCrop(9)(copies(1)), 'randomCrop(): the crop size [9, 9] is larger than the (padded) images [8, 8]; pad more, or set padIfNeeded');
  });
});

describe('randomResizedCrop', () => {
  it('resizes per-sample crops to the size', () => {
    const x = copies(12, 3, 16, 16);
    const y = scoped(() => data.randomResizedCrop(8, { seed: 0 })(x));
    expect(y.shape).toEqual([12, 3, 8, 8]);
    expect(y.min().item()).toBeGreaterThanOrEqual(0);
    expect(y.max().item()).toBeLessThanOrEqual(1);
    expect(distinctSamples(y)).toBeGreaterThanOrEqual(10);
    expect(data.randomResizedCrop(8, { seed: 0 })(x).equal(y)).toBe(true);
    expect(data.randomResizedCrop([4, 6], { seed: 0 })(x).shape).toEqual([12, 3, 4, 6]);
    // scale [1, 1] with the image's own ratio is the whole image, resized.
    const whole = data.randomResizedCrop(8, { scale: [1, 1], ratio: [1, 1], seed: 0 })(x);
    expect(whole.equal(F.interpolate(x, { size: [8, 8], mode: 'bilinear', alignCorners: false }))).toBe(true);
  });

  it('rejects bad arguments', () => {
    expectRangeError(() => data.randomResizedCrop(8, { scale: [0.5, 0.1] }), 'randomResizedCrop(): expected scale to be [min, max] with min <= max within [0, 1], but received [0.5, 0.1]');
    expectTypeError(() => data.randomResizedCrop(8, { ratio: [1] as never }), 'randomResizedCrop(): expected ratio to be [min, max], two finite numbers, but received an array of length 1');
    expectRangeError(() => data.randomResizedCrop(8, { ratio: [0, 1] }), 'randomResizedCrop(): expected ratio to be positive, but received [0, 1]');
    expectRangeError(() => data.randomResizedCrop(8, { scale: [0, 0] }), 'randomResizedCrop(): expected scale to have a positive max, but received [0, 0]');
    expectTypeError(() => data.randomResizedCrop(8, { seed: 1, generator: new data.Generator(1) }), 'randomResizedCrop(): give seed or generator, not both');
    expectTypeError(() => data.randomResizedCrop(8, { mode: 'area' as never }), "randomResizedCrop(): expected mode to be 'bilinear', 'bicubic' or 'nearest', but received 'area' of type string");
    expectTypeError(() => data.randomResizedCrop(8, { scales: [0.1, 1] } as never), "randomResizedCrop(): unknown option 'scales'. Did you mean 'scale'?");
  });
});

describe('colorJitter', () => {
  it('brightness scales each sample by its own factor in range', () => {
    const x = copies(16).mul(0.5); // values in (0, 0.5]: a factor <= 1.5 never clamps
    const y = scoped(() => data.colorJitter({ brightness: 0.5, seed: 0 })(x));
    const factors = (y.div(x).amax([1, 2, 3]).toArray() as number[]);
    expect(y.div(x).amin([1, 2, 3]).allclose(y.div(x).amax([1, 2, 3]), 1e-4)).toBe(true);
    expect(factors.every((f) => f >= 0.5 - 1e-6 && f <= 1.5 + 1e-6)).toBe(true);
    expect(new Set(factors.map((f) => f.toFixed(5))).size).toBe(16);
    expect(data.colorJitter({ brightness: 0.5, seed: 0 })(x).equal(y)).toBe(true);
    expect(data.colorJitter({ brightness: [1, 1], seed: 0 })(x).equal(x)).toBe(true);
  });

  it('contrast keeps each sample\'s grey mean; saturation keeps its grey image; results stay in [0, 1]', () => {
    const x = torch.tidy(() => randomBatch(1).mul(0.5).add(0.25));
    const grey = (t: Tensor) => t.mul(torch.tensor([0.299, 0.587, 0.114]).reshape([1, 3, 1, 1])).sum(1);
    const c = data.colorJitter({ contrast: [0.5, 1.5], seed: 0 })(x);
    expect(grey(c).mean([1, 2]).allclose(grey(x).mean([1, 2]), 1e-4, 1e-5)).toBe(true);
    expect(c.equal(x)).toBe(false);
    const s = data.colorJitter({ saturation: [0, 1], seed: 0 })(x);
    expect(grey(s).allclose(grey(x), 1e-4, 1e-5)).toBe(true);
    const all = data.colorJitter({ brightness: 0.9, contrast: 0.9, saturation: 0.9, seed: 0 })(randomBatch(2));
    expect(all.min().item()).toBeGreaterThanOrEqual(0);
    expect(all.max().item()).toBeLessThanOrEqual(1);
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => data.colorJitter({ brightness: -1 }), 'colorJitter(): expected brightness to be a non-negative number or a [min, max] factor range, but received -1 of type number');
    expectRangeError(() => data.colorJitter({ contrast: [-1, 2] }), 'colorJitter(): expected contrast to be [min, max] with min <= max with min >= 0, but received [-1, 2]');
    expectTypeError(() => data.colorJitter({ hue: 0.1 } as never), "colorJitter(): unknown option 'hue'. Accepted options: brightness, contrast, saturation, seed, generator.");
    expectTypeError(() => data.colorJitter({ brigthness: 0.1 } as never), "colorJitter(): unknown option 'brigthness'. Did you mean 'brightness'?");
    expectTypeError(() => data.colorJitter({ saturation: 'x' as never }), "colorJitter(): expected saturation to be a non-negative number or a [min, max] factor range, but received 'x' of type string");
    expectTypeError(() => data.colorJitter(undefined as never), 'colorJitter(): expected options to be an object such as { brightness: 0.4 }, but received undefined');
  });
});

describe('randomErasing', () => {
  /** The erased box of each sample (all values 0 there) as [top, left, h, w], or null. */
  function boxes(y: Tensor): ([number, number, number, number] | null)[] {
    return (y.eq(0).all(1).toArray() as boolean[][][]).map((m) => {
      const rows = m.map((r) => r.some(Boolean));
      const cols = m[0].map((_, j) => m.some((r) => r[j]));
      if (!rows.includes(true)) return null;
      const t = rows.indexOf(true);
      const l = cols.indexOf(true);
      return [t, l, rows.lastIndexOf(true) - t + 1, cols.lastIndexOf(true) - l + 1];
    });
  }

  it('p = 1 erases one rectangle per sample, with the area in scale; p = 0 is the identity', () => {
    const x = copies(20, 3, 16, 16);
    const y = scoped(() => data.randomErasing({ p: 1, scale: [0.05, 0.2], seed: 0 })(x));
    expect(y.shape).toEqual(x.shape);
    const b = boxes(y);
    expect(b.every((r) => r !== null)).toBe(true);
    for (const [i, r] of b.entries()) {
      const [t, l, h, w] = r!;
      expect(y.select(0, i).narrow(1, t, h).narrow(2, l, w).eq(0).all().item()).toBe(true); // a full rectangle
      expect(y.select(0, i).eq(0).sum().item()).toBe(3 * h * w); // and nothing else
      expect(h * w / 256).toBeGreaterThan(0.03);
      expect(h * w / 256).toBeLessThan(0.25);
    }
    expect(new Set(b.map((r) => JSON.stringify(r))).size).toBeGreaterThan(15);
    expect(data.randomErasing({ p: 1, scale: [0.05, 0.2], seed: 0 })(x).equal(y)).toBe(true);
    expect(data.randomErasing({ p: 0, seed: 0 })(x).equal(x)).toBe(true);
    const half = boxes(data.randomErasing({ p: 0.5, seed: 0 })(x)).filter((r) => r !== null).length;
    expect(half).toBeGreaterThan(3);
    expect(half).toBeLessThan(17);
  });

  it('fills with a number, per-channel values or seeded noise', () => {
    const x = copies(8, 3, 12, 12);
    const v = data.randomErasing({ p: 1, value: [-1, -2, -3], seed: 0 })(x);
    for (let c = 0; c < 3; c++) expect(v.select(1, c).eq(-1 - c).sum().item()).toBe(v.select(1, 0).eq(-1).sum().item());
    expect(v.eq(-1).sum().item()).toBeGreaterThan(0);
    const n = data.randomErasing({ p: 1, value: 'random', scale: [0.3, 0.33], seed: 0 })(x);
    const changed = n.ne(x);
    const noise = n.maskedSelect(changed);
    expect(noise.numel()).toBeGreaterThan(8 * 3 * 20);
    expect(Math.abs(noise.mean().item())).toBeLessThan(0.2);
    expect(Math.abs(noise.std().item() - 1)).toBeLessThan(0.2);
    expect(data.randomErasing({ p: 1, value: 'random', scale: [0.3, 0.33], seed: 0 })(x).equal(n)).toBe(true);
    expect(data.randomErasing({ p: 1, value: 'random', scale: [0.3, 0.33], seed: 1 })(x).equal(n)).toBe(false);
  });

  it('rejects bad arguments', () => {
    expectRangeError(() => data.randomErasing({ p: 2 }), 'randomErasing(): expected p to be a probability in [0, 1], but received 2 of type number');
    expectRangeError(() => data.randomErasing({ scale: [0.1, 1.5] }), 'randomErasing(): expected scale to be [min, max] with min <= max within [0, 1], but received [0.1, 1.5]');
    expectTypeError(() => data.randomErasing({ value: 'noise' as never }), "randomErasing(): expected value to be a number, an array of numbers (one per channel) or 'random', but received 'noise' of type string");
    expectRangeError(() => data.randomErasing({ p: 1, value: [1, 2] })(copies(1)), "randomErasing(): expected value to have 1 or 3 numbers (the input's channels), but it has 2");
    expectRangeError(() => data.randomErasing({ ratio: [-1, 2] }), 'randomErasing(): expected ratio to be [min, max] with min <= max with min >= 0, but received [-1, 2]');
    expectRangeError(() => data.randomErasing({ ratio: [0, 2] }), 'randomErasing(): expected ratio to be positive, but received [0, 2]');
    expectTypeError(() => data.randomErasing({ scale: 0.5 as never }), 'randomErasing(): expected scale to be [min, max], two finite numbers, but received 0.5 of type number');
    expectTypeError(() => data.randomErasing({ probability: 1 } as never), "randomErasing(): unknown option 'probability'. Accepted options: p, scale, ratio, value, seed, generator.");
  });
});

describe('mixup and cutmix', () => {
  const labels = torch.tensor([0, 1, 2, 3, 4, 5, 6, 7]);

  it('mixup mixes inputs and one-hot targets with one λ; rows sum to 1', () => {
    const x = randomBatch(3, [8, 3, 4, 4]);
    const { input, target } = scoped(() => data.mixup(0.4, { numClasses: 10, seed: 0 })(x, labels), 2);
    expect(input.shape).toEqual(x.shape);
    expect(target.shape).toEqual([8, 10]);
    expect(target.dtype).toBe('float32');
    expect(target.sum(1).allclose(torch.ones([8]))).toBe(true);
    const lam = target.index(0, 0).item() as number;
    expect(lam).toBeGreaterThan(0);
    expect(lam).toBeLessThanOrEqual(1);
    expect(target.index(0, 7).item()).toBeCloseTo(1 - lam, 6); // sample 0 is mixed with sample 7 (the batch rolled by one)
    expect(input.allclose(x.mul(lam).add(x.roll(1, 0).mul(1 - lam)), 1e-5, 1e-6)).toBe(true);
    const again = data.mixup(0.4, { numClasses: 10, seed: 0 })(x, labels);
    expect(again.input.equal(input) && again.target.equal(target)).toBe(true);
    // Soft targets pass through; crossEntropy takes the result.
    const soft = data.mixup(0.4, { seed: 1 })(x, target);
    expect(soft.target.sum(1).allclose(torch.ones([8]))).toBe(true);
    expect(F.crossEntropy(torch.randn([8, 10]), soft.target).item()).toBeGreaterThan(0);
    // p = 0 is the identity with one-hot targets.
    const none = data.mixup(0.4, { numClasses: 10, p: 0, seed: 0 })(x, labels);
    expect(none.input.equal(x)).toBe(true);
    expect(none.target.equal(F.oneHot(labels, 10).float())).toBe(true);
  });

  it('cutmix pastes one box from the rolled batch; targets mix by its area', () => {
    const x = randomBatch(4, [8, 3, 16, 16]);
    let sawBox = false;
    for (let seed = 0; seed < 5; seed++) {
      const { input, target } = scoped(() => data.cutmix(1, { numClasses: 8, seed })(x, labels), 2);
      expect(input.shape).toEqual(x.shape);
      expect(target.sum(1).allclose(torch.ones([8]), 1e-5, 1e-6)).toBe(true);
      const fromRolled = input.eq(x.roll(1, 0)).logicalAnd(input.ne(x)).all(1); // [N, H, W]
      const pasted = fromRolled.any(0).float().sum().item() as number;
      const lam = target.index(0, 0).item() as number;
      expect(1 - pasted / 256).toBeCloseTo(lam, 5);
      expect(input.ne(x).logicalAnd(input.ne(x.roll(1, 0))).any().item()).toBe(false);
      if (pasted > 0) sawBox = true;
    }
    expect(sawBox).toBe(true);
    expect(data.cutmix(1, { numClasses: 8, p: 0 })(x, labels).input.equal(x)).toBe(true);
  });

  it('reject bad arguments', () => {
    const x = randomBatch(0, [8, 3, 4, 4]);
    expectTypeError(() => data.mixup(0), 'mixup(): expected alpha to be a positive number, but received 0 of type number');
    expectTypeError(() => data.cutmix(-1), 'cutmix(): expected alpha to be a positive number, but received -1 of type number');
    expectTypeError(() => data.mixup(1, { numClasses: 0 }), 'mixup(): expected numClasses to be a positive integer, but received 0 of type number');
    expectRangeError(() => data.cutmix(1, { p: 3 }), 'cutmix(): expected p to be a probability in [0, 1], but received 3 of type number');
    expectTypeError(() => data.mixup(1, { num_classes: 3 } as never), "mixup(): unknown option 'num_classes'. Did you mean 'numClasses'?");
    expectTypeError(() => data.mixup(1)(x, labels),
      'mixup(): target holds class indices, so numClasses is needed to make probabilities of them; pass { numClasses } when making the transform');
    expectRangeError(() => data.mixup(1, { numClasses: 10 })(x, torch.tensor([1, 2])), 'mixup(): expected target to have 8 rows (the batch size), but it has shape [2]');
    expectRangeError(() => data.cutmix(1, { numClasses: 5 })(x, torch.zeros([8, 4])), 'cutmix(): expected target to have numClasses (5) columns, but it has shape [8, 4]');
    expectTypeError(() => data.mixup(1)(torch.zeros([8], { dtype: 'int64' }), labels), 'mixup(): expected input to be a floating-point tensor with the batch first, but received a tensor of dtype int64 and shape [8]');
    expectTypeError(() => data.cutmix(1, { numClasses: 10 })(x, torch.zeros([8, 2, 2])),
      'cutmix(): expected target to be integer class indices [N] or floating-point probabilities [N, classes], but received a tensor of dtype float32 and shape [8, 2, 2]');
  });
});

describe('compose', () => {
  it('chains input transforms, releasing intermediates, and saves/restores their state', () => {
    const x = copies(8);
    const t = data.compose([data.randomCrop(6, { padding: 1, seed: 0 }), data.randomHorizontalFlip(0.5, { seed: 1 }),
      data.normalize(0.5, 0.25), (v: Tensor) => v.mul(2)]);
    expect(t.kind).toBe('input');
    const s = t.stateDict();
    const y = scoped(() => t(x));
    expect(y.shape).toEqual([8, 3, 6, 6]);
    t.loadStateDict(JSON.parse(JSON.stringify(s)));
    expect(t(x).equal(y)).toBe(true);
    expect(data.compose([])(x).equal(x)).toBe(true);
  });

  it('with a pair transform, takes and returns { input, target }', () => {
    const x = copies(8);
    const t = data.compose([data.randomHorizontalFlip(1), data.mixup(1, { numClasses: 3, seed: 0 }), data.normalize(0, 2)]);
    expect(t.kind).toBe('pair');
    const y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1]);
    const out = scoped(() => t(x, y), 2);
    expect(out.input.shape).toEqual([8, 3, 8, 8]);
    expect(out.target.shape).toEqual([8, 3]);
    expect(out.target.sum(1).allclose(torch.ones([8]))).toBe(true);
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => data.compose('x' as never), "compose(): expected transforms to be an array of transforms, but received 'x' of type string");
    expectTypeError(() => data.compose([data.normalize(0, 1), 3 as never]), 'compose(): expected transforms[1] to be a transform (a function), but received 3 of type number');
    expectTypeError(() => data.compose([data.normalize(0, 1)]).loadStateDict([]), 'compose.loadStateDict(): expected state to be an array of 1 states from stateDict(), but received an array of length 0');
  });
});

describe('multiScale', () => {
  it('picks sizes from the list, the same for `every` steps, reproducibly', () => {
    const x = copies(2, 3, 32, 32);
    const ms = data.multiScale({ sizes: [16, 24, [20, 28]] }, { every: 3, seed: 0 });
    const sizes: string[] = [];
    for (let s = 0; s < 30; s++) {
      const y = scoped(() => ms(x));
      sizes.push(`${y.shape[2]}x${y.shape[3]}`);
      y.dispose();
    }
    expect(new Set(sizes)).toEqual(new Set(['16x16', '24x24', '20x28']));
    for (let b = 0; b < 10; b++) expect(new Set(sizes.slice(3 * b, 3 * b + 3)).size).toBe(1);
    expect(ms.step).toBe(30);
    const again = data.multiScale({ sizes: [16, 24, [20, 28]] }, { every: 3, seed: 0 });
    expect(Array.from({ length: 30 }, (_, s) => again.sizeAt(s)!.join('x'))).toEqual(sizes);
    // A resumed transform continues the sequence.
    const resumed = data.multiScale({ sizes: [16, 24, [20, 28]] }, { every: 3 });
    resumed.loadStateDict(JSON.parse(JSON.stringify({ ...ms.stateDict(), step: 12 })));
    expect(resumed(x).shape.slice(2).join('x')).toBe(sizes[12]);
  });

  it('respects min, max and divisor', () => {
    const ms = data.multiScale({ min: 100, max: 260, divisor: 32 }, { seed: 1 });
    expect(ms.sizes.map((s) => s[0])).toEqual([128, 160, 192, 224, 256]);
    const picked = new Set(Array.from({ length: 200 }, (_, s) => ms.sizeAt(s)![0]));
    expect(picked).toEqual(new Set([128, 160, 192, 224, 256]));
    expect(data.multiScale({ min: 8, max: 24, divisor: 8 }).sizes.map((s) => s[0])).toEqual([8, 16, 24]);
    const y = data.multiScale({ min: 8, max: 8, divisor: 4 }, { seed: 0 })(copies(2));
    expect(y.equal(copies(2))).toBe(true); // picked size equals the batch's: no resampling
  });

  it('enabled: false, untilStep and untilEpoch keep the batch\'s own size', () => {
    const x = copies(2, 3, 32, 32);
    const off = data.multiScale({ sizes: [16] }, { enabled: false });
    expect(off(x).equal(x)).toBe(true);
    off.enabled = true;
    expect(off(x).shape).toEqual([2, 3, 16, 16]);
    const until = data.multiScale({ sizes: [16] }, { untilStep: 2 });
    expect([until(x).shape[2], until(x).shape[2], until(x).shape[2]]).toEqual([16, 16, 32]);
    const byEpoch = data.multiScale({ sizes: [16] }, { untilEpoch: 1 });
    expect(byEpoch(x).shape[2]).toBe(16);
    byEpoch.setEpoch(1);
    expect(byEpoch(x).equal(x)).toBe(true);
    expect(byEpoch.sizeAt(0, 0)).toEqual([16, 16]);
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => data.multiScale({ sizes: [] }), 'multiScale(): expected sizes to be a non-empty array of sizes, but received an array of length 0');
    expectTypeError(() => data.multiScale({ sizes: [16, 0] }), 'multiScale(): expected sizes[1] to be a positive integer or [height, width], but received 0 of type number');
    expectRangeError(() => data.multiScale({ min: 10, max: 20, divisor: 32 }), 'multiScale(): no multiple of divisor (32) lies in [min, max] = [10, 20]');
    expectRangeError(() => data.multiScale({ min: 64, max: 32 }), 'multiScale(): expected max to be at least min (64), but received 32');
    expectTypeError(() => data.multiScale({ min: 32, max: 64, divisor: 0 }), 'multiScale(): expected divisor to be a positive integer, but received 0 of type number');
    expectTypeError(() => data.multiScale({ min: 32, max: 64, divisr: 8 } as never), "multiScale(): unknown option 'divisr'. Did you mean 'divisor'?");
    expectTypeError(() => data.multiScale({ sizes: [16] }, { every: 0 }), 'multiScale(): expected every to be a positive integer, but received 0 of type number');
    expectTypeError(() => data.multiScale({ sizes: [16] }, { untilStep: -1 }), 'multiScale(): expected untilStep to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => data.multiScale({ sizes: [16] }, { enabled: 'no' as never }), "multiScale(): expected enabled to be a boolean, but received 'no' of type string");
    expectTypeError(() => data.multiScale({ sizes: [16] }, { untilEpochs: 3 } as never), "multiScale(): unknown option 'untilEpochs'. Did you mean 'untilEpoch'?");
    expectTypeError(() => data.multiScale(null as never), 'multiScale(): expected sizes to be { sizes: [...] } or { min, max, divisor }, but received null');
    expectTypeError(() => data.multiScale({ sizes: [16] }, { mode: 'area' as never }), "multiScale(): expected mode to be 'bilinear', 'bicubic' or 'nearest', but received 'area' of type string");
    expectTypeError(() => data.multiScale({ sizes: [16] }, { seed: -3 }), 'multiScale(): expected seed to be a non-negative integer, but received -3 of type number');
    expectTypeError(() => data.multiScale({ sizes: [16], min: 3 } as never), "multiScale(): unknown option 'min'. Accepted options: sizes.");
    expectTypeError(() => data.multiScale({ sizes: [16] }).sizeAt(-1), 'multiScale.sizeAt(): expected step to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => data.multiScale({ sizes: [16] }).loadStateDict({ step: 1 }), 'multiScale.loadStateDict(): expected state to be an object { step, epoch, seed } from stateDict(), but received an object');
    expectTypeError(() => data.multiScale({ sizes: [16] }).setEpoch(-1), 'multiScale.setEpoch(): expected epoch to be a non-negative integer, but received -1 of type number');
  });
});

describe('the noise hash', () => {
  it('computes the same 32-bit hash in tensor ops as in JavaScript (no int64 overflow)', async () => {
    const { hash32 } = await import('../../lib/data/transforms/noise.js');
    const { mix32 } = await import('../../lib/data/generator.js');
    const values = [0, 1, 2, 12345, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];
    const got = hash32(torch.tensor(values, { dtype: 'int64' })).toArray();
    expect(got).toEqual(values.map(mix32));
  });
});
