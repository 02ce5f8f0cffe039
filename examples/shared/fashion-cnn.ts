/**
 * The Fashion-MNIST CNN of the examples and its training recipe, in one place so that every program
 * that trains it (examples/fashion-mnist-cnn.ts, the service's job module, bench/event-loop.ts on
 * both sides of its comparison) trains the same network on the same batches.
 */
import { type Tensor, Trainer, type TrainingSetup, accuracy, data, nn, optim, torch } from '../../lib/index.js';

/** The training set's mean and standard deviation of pixel values in [0, 1]. */
export const normalize = data.normalize([0.286], [0.353]);

/** Flip and crop augmentation, then normalisation: what a training batch goes through. Seeded, so runs repeat. */
export function augmentation(): (x: Tensor) => Tensor {
  return data.compose([data.randomHorizontalFlip(0.5, { seed: 1 }), data.randomCrop(28, { padding: 2, seed: 2 }), normalize]);
}

const block = (cin: number, cout: number) => [
  new nn.Conv2d(cin, cout, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(cout), new nn.ReLU(),
  new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(cout), new nn.ReLU(), new nn.MaxPool2d(2),
];

/**
 * Two conv blocks (32 and 64 channels, batch norm, max pooling) and a small head. It takes images in
 * [0, 1]: in eval mode it normalises them itself, in training mode the augmentation has done it.
 */
export class FashionCNN extends nn.Module {
  features = new nn.Sequential(...block(1, 32), ...block(32, 64));
  head = new nn.Sequential(new nn.Flatten(), new nn.Dropout(0.3), new nn.Linear(64 * 7 * 7, 128), new nn.ReLU(), new nn.Linear(128, 10));
  forward(x: Tensor): Tensor {
    return this.head.forward(this.features.forward(this.training ? x : normalize(x))) as Tensor;
  }
}

/** Options of {@link cnnTraining}. */
export interface CnnTrainingOptions {
  /** Epochs to train. Default 1. */
  epochs?: number;
  /** Stop after this many optimizer steps (the one-cycle schedule is sized to it). */
  maxSteps?: number;
  /** Default 128. */
  batchSize?: number;
  /** The one-cycle schedule's peak learning rate. Default 3e-3. */
  lr?: number;
  /** Validate on the test set after each epoch. Default false. */
  validate?: boolean;
}

/**
 * The whole recipe as a job module gives it (`{ trainer, loader, options }`): the model seeded with
 * 0, the shuffled Fashion-MNIST training set (Debian's dataset-fashion-mnist), AdamW with a one-cycle
 * schedule, the augmentation, fp32. Called on the main thread it trains there; returned from a job
 * module's default export it trains in a TrainingJob's worker, identically.
 */
export function cnnTraining(o: CnnTrainingOptions = {}): TrainingSetup<Trainer> {
  const epochs = o.epochs ?? 1;
  const lr = o.lr ?? 3e-3;
  torch.manualSeed(0);
  const loader = new data.DataLoader(new data.FashionMNIST({ train: true }), { batchSize: o.batchSize ?? 128, shuffle: true, seed: 0 });
  const model = new FashionCNN();
  const optimizer = new optim.AdamW(model.parameters(), { lr, weightDecay: 5e-4 });
  const totalSteps = Math.min(epochs * loader.length, o.maxSteps ?? Infinity);
  const scheduler = new optim.lr.OneCycleLR(optimizer, { maxLr: lr, totalSteps });
  const augment = augmentation();
  const trainer = new Trainer({
    model, optimizer, scheduler, loss: nn.functional.crossEntropy, metrics: { accuracy },
    batchTransform: ({ input, target }) => ({ input: augment(input), target }),
  });
  const valLoader = o.validate ? new data.DataLoader(new data.FashionMNIST({ train: false }), { batchSize: 500 }) : undefined;
  return { trainer, loader, options: { epochs, ...(o.maxSteps ? { maxSteps: o.maxSteps } : {}), ...(valLoader ? { valLoader } : {}) } };
}
