/**
 * The service's predictions: a copy of the model on the main thread, in eval mode, holding the
 * weights of the latest snapshot of the training job. Predicting one image takes a millisecond or
 * two, so it is done right on the event loop.
 */
import { type Tensor, data, serialize, torch } from '../lib/index.js';
import { FashionCNN } from './shared/fashion-cnn.js';

/** One prediction. */
export interface Prediction {
  /** The test image's true class. */
  label: number;
  predicted: number;
  /** Class probabilities, rounded to 4 digits. */
  probabilities: number[];
  /** The optimizer step whose weights answered. */
  weightsStep: number;
}

export class Predictor {
  readonly #model = new FashionCNN().eval();
  readonly #images: Tensor;
  readonly #labels: Tensor;
  /** The optimizer step of the loaded weights; null before the first snapshot. */
  weightsStep: number | null = null;

  constructor() {
    const test = new data.FashionMNIST({ train: false });
    [this.#images, this.#labels] = test.tensors(); // [0, 1] images: the model normalises in eval mode
    test.dispose();
  }

  /** How many test images there are to predict. */
  get size(): number {
    return this.#images.shape[0];
  }

  /**
   * Loads a snapshot into the model and releases the snapshot's tensors: `loadStateDict` copies
   * into the model's own tensors, so the snapshot is not needed afterwards, and releasing it now
   * (rather than at garbage collection) keeps one model's worth of memory, however often snapshots come.
   */
  load(weights: Record<string, Tensor>, step: number): void {
    try {
      this.#model.loadStateDict(weights);
      this.weightsStep = step;
    } finally {
      for (const t of Object.values(weights)) t.dispose();
    }
  }

  /** Loads weights saved with `serialize.saveFile` (the job's final weights). */
  loadFile(path: string, step: number): void {
    this.load(serialize.loadFile(path), step);
  }

  /** The model's answer for test image `index`, with the current weights. */
  predict(index: number): Prediction {
    if (this.weightsStep === null) throw new Error('no weights yet: POST /train first, the first snapshot follows within a few steps');
    const weightsStep = this.weightsStep;
    return torch.tidy(() => torch.noGrad(() => {
      const probs = this.#model.forward(this.#images.narrow(0, index, 1)).softmax(1).squeeze(0);
      return { label: this.#labels.select(0, index).item() as number, predicted: probs.argmax().item() as number,
        probabilities: Array.from(probs.data() as Float32Array, (p) => +p.toFixed(4)), weightsStep };
    }));
  }

  /** Accuracy of the current weights on the whole test set, in batches of 1,000 (seconds of work: not for a request). */
  accuracy(): number {
    let correct = 0;
    for (let i = 0; i < this.size; i += 1000) {
      correct += torch.tidy(() => torch.noGrad(() => {
        const n = Math.min(1000, this.size - i);
        const predicted = this.#model.forward(this.#images.narrow(0, i, n)).argmax(1);
        return predicted.eq(this.#labels.narrow(0, i, n)).sum().item() as number;
      }));
    }
    return correct / this.size;
  }
}
