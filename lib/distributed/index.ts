/**
 * Training on several processes and machines, on PyTorch's c10d (torch.distributed in camelCase):
 * process groups, collectives, and the store-based rendezvous torchrun and `torchts launch` set up.
 * DistributedDataParallel is `nn.parallel.DistributedDataParallel`; the sampler is
 * `data.DistributedSampler`.
 * @module
 */
export {
  type Backend, type InitProcessGroupOptions, ProcessGroup, type ReduceOp, destroyProcessGroup, getBackend, getRank,
  getWorldSize, initProcessGroup, isInitialized, newGroup,
} from './group.js';
export {
  type CollectiveOptions, type P2POptions, type ReduceOptions, Work, allGather, allReduce, barrier, broadcast, irecv, isend,
  recv, reduceScatter, send,
} from './collectives.js';
