/**
 * Fine-tuning from weights exported by Python torch: examples/export_weights.py trains an MLP with
 * PyTorch and saves its state dict as safetensors; this loads it into the same architecture in
 * torchts (the state-dict keys are PyTorch's), checks that it scores what PyTorch measured, then
 * fine-tunes it with a smaller learning rate and saves the result, which Python can load back.
 *
 *   npm run build:ts && node dist/examples/finetune-safetensors.js
 *   (runs export_weights.py with the Python torchts was built against, unless --weights is given)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Tensor, Trainer, accuracy, data, nn, optim, serialize } from '../lib/index.js';
import { buildInfo } from '../lib/native.js';

const { values: args } = parseArgs({ options: { weights: { type: 'string' }, out: { type: 'string', default: 'build/finetuned-mlp.safetensors' } } });
mkdirSync('build', { recursive: true });
let weights = args.weights;
if (!weights) {
  weights = 'build/pytorch-mlp.safetensors';
  const script = fileURLToPath(new URL('../../examples/export_weights.py', import.meta.url));
  console.log(execFileSync(buildInfo.libtorch?.python ?? 'python3', [script, weights], { encoding: 'utf8' }).trim());
}

// The architecture of export_weights.py; torchts names its parameters 0.weight, 0.bias, 2.weight, ... as PyTorch does.
const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
const state = serialize.loadFile(weights);
model.loadStateDict(state);
for (const t of Object.values(state)) t.dispose();

const flat = (ds: data.FashionMNIST) => {
  const [x, y] = ds.tensors();
  const norm = x.sub(0.286).div(0.353).reshape(-1, 784);
  x.dispose();
  return new data.TensorDataset(norm, y);
};
const train = new data.DataLoader(flat(new data.FashionMNIST({ train: true })), { batchSize: 128, shuffle: true, seed: 0 });
const test = new data.DataLoader(flat(new data.FashionMNIST({ train: false })), { batchSize: 1000 });
const trainer = new Trainer({ model, optimizer: new optim.AdamW(model.parameters(), { lr: 2e-4 }), loss: nn.functional.crossEntropy,
  metrics: { accuracy } });

const before = await trainer.validate(test);
console.log(`torchts, PyTorch's weights as loaded: test accuracy ${(before.accuracy * 100).toFixed(2)}%`);
const history = await trainer.fit(train, { epochs: 1, valLoader: test });
console.log(`torchts, after one epoch of fine-tuning: test accuracy ${((history.epochs[0].valAccuracy as number) * 100).toFixed(2)}%`);
serialize.saveFile(model.stateDict() as Record<string, Tensor>, args.out!);
console.log(`fine-tuned weights: ${args.out} (safetensors.torch.load_file reads them into the PyTorch model)`);
