// torch.aoti against PyTorch on the same package and input (test/helpers/aoti_fixtures.py compiles
// it once, cached by content): the outputs PyTorch's own loader gives, exactly; bad files and inputs.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, TorchError, serialize, torch } from '../../lib/index.js';
import { aotiFixtures } from '../helpers/jit-fixtures.js';

let dir: string;
let io: Record<string, Tensor>;

beforeAll(() => {
  dir = aotiFixtures();
  io = serialize.loadFile(join(dir, 'io.safetensors'));
}, 300_000);

describe('torch.aoti.loadPackage', () => {
  it('runs a package compiled in Python to the outputs PyTorch\'s loader gives, sync and async', async () => {
    const model = torch.aoti.loadPackage(join(dir, 'cnn.pt2'));
    const [logits, sums] = model.run(io.x);
    expect(logits.toArray()).toEqual(io.logits.toArray());
    expect(sums.toArray()).toEqual(io.sums.toArray());
    const [asyncLogits] = await model.runAsync([io.x]);
    expect(asyncLogits.toArray()).toEqual(io.logits.toArray());
    expect(model.metadata().AOTI_DEVICE_KEY).toBe('cpu');
    expect(model.constantNames()).toContain('conv.weight');
    const many = await Promise.all(Array.from({ length: 20 }, () => model.runAsync([io.x])));
    for (const [l] of many) expect(l.toArray()).toEqual(io.logits.toArray());
    model.dispose();
    expect(() => model.run(io.x)).toThrow(/AOTIModel.run: the package was disposed/);
  });

  it('refuses wrong inputs before the kernels read them, and files that are not packages', () => {
    const model = torch.aoti.loadPackage(join(dir, 'cnn.pt2'));
    expect(() => model.run(torch.ones([2, 3, 8, 8]))).toThrow(/^AOTIModel.run: the inputs do not match what the package was compiled for/);
    expect(() => model.run(torch.ones([2, 3, 16, 16], { dtype: 'float64' }))).toThrow(TorchError);
    expect(() => model.run([])).toThrow(/AOTIModel.run: expected inputs vector size to be 1, but got 0/);
    expect(() => model.run([io.x, io.x])).toThrow(/expected inputs vector size to be 1, but got 2/);
    expect(() => model.run(5 as never)).toThrow(/AOTIModel.run\(\): expected inputs to be an array of Tensors/);
    expect(model.run(io.x)[0].toArray()).toEqual(io.logits.toArray()); // still fine afterwards
    expect(() => torch.aoti.loadPackage(join(dir, 'nope.pt2'))).toThrow(/aoti.loadPackage\(\): no file at/);
    expect(() => torch.aoti.loadPackage(join(dir, 'io.safetensors'))).toThrow(TorchError);
    expect(() => torch.aoti.loadPackage(join(dir, 'cnn.pt2'), { modelName: 'other' })).toThrow(TorchError);
  });
});
