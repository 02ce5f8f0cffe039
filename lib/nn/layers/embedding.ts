/**
 * Embedding: a lookup table of vectors.
 * @module
 */
import { noGrad } from '../../autograd.js';
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factory, positiveInt } from './common.js';

/** Maps integer indices to learned vectors, initialised N(0, 1) as in PyTorch. */
export class Embedding extends Module {
  /** Size of the vocabulary: the number of rows of `weight` (PyTorch's `num_embeddings`). */
  readonly numEmbeddings: number;
  /** Size of each vector (PyTorch's `embedding_dim`). */
  readonly embeddingDim: number;
  /** Row that is zeroed at initialisation and gets no gradient (made non-negative); null if none. */
  readonly paddingIdx: number | null;
  /** Learnable table, shape `[numEmbeddings, embeddingDim]`, initialised N(0, 1) (the `paddingIdx` row zeroed). */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: FactoryOptions & {
    /** Index of a padding row: zeroed at initialisation and never updated by gradients; negative counts from the end. */
    paddingIdx?: number;
  } = {}) {
    super();
    checkOptions('Embedding', options, ['paddingIdx', 'dtype', 'device']);
    this.numEmbeddings = positiveInt('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = positiveInt('Embedding', 'embeddingDim', embeddingDim);
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (!isInt(pad) || pad >= numEmbeddings || pad < -numEmbeddings) invalidArg('Embedding', 'paddingIdx', `an integer in [${-numEmbeddings}, ${numEmbeddings - 1}]`, pad);
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = Parameter.empty([numEmbeddings, embeddingDim], factory(options, 'Embedding'));
    this.resetParameters();
  }

  /** N(0, 1), with the padding row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0).dispose());
  }

  /** Looks up the rows of integer `input` (any shape), giving `[...input.shape, embeddingDim]`. */
  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
