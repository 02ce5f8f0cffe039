// Runs in every test process before its suites. vitest runs two test files at once on this 2-core
// machine; libtorch's default of one thread per core in each would make them fight for the cores
// (measured: a 20,000-step loop took 93 s instead of 1.9 s). The Python reference is given the same
// thread count by the harness, so results stay comparable.
import { torch } from '../lib/index.js';

torch.setNumThreads(1);
