/** A small seeded loader over tensors for the Trainer tests: the Loader protocol without data/. */
import { type Tensor, torch } from '../../lib/index.js';

export class TestLoader {
  readonly dataset: { length: number };
  #epoch = 0;
  constructor(readonly x: Tensor, readonly y: Tensor, readonly batchSize: number, readonly shuffle = true) {
    this.dataset = { length: x.shape[0] };
  }

  get length(): number {
    return Math.ceil(this.dataset.length / this.batchSize);
  }

  setEpoch(e: number): void {
    this.#epoch = e;
  }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    const n = this.dataset.length;
    // A deterministic permutation per epoch, independent of torch's generator.
    const order = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) {
      let s = (this.#epoch * 2654435761) >>> 0;
      for (let i = n - 1; i > 0; i--) {
        s = (s * 1664525 + 1013904223) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    for (let i = 0; i < n; i += this.batchSize) {
      const idx = torch.tensor(order.slice(i, i + this.batchSize));
      const batch: [Tensor, Tensor] = [this.x.indexSelect(0, idx), this.y.indexSelect(0, idx)];
      idx.dispose();
      yield batch;
    }
  }
}

/** A linearly separable 4-class problem. */
export function toyData(n: number, seed = 0): { x: Tensor; y: Tensor } {
  torch.manualSeed(seed);
  return torch.tidy(() => {
    const x = torch.randn([n, 8]);
    const y = x.narrow(1, 0, 4).argmax(1);
    return { x, y };
  });
}
