// Distributed training on PyTorch's c10d: stores (TCPStore, FileStore, PrefixStore), process groups
// with the Gloo backend, collectives and their Work, and DDP's Reducer. lib/distributed/ builds the
// torch.distributed API on these; docs/architecture.md ("Distributed") says why it is shaped so.
//
// Stores, groups, works and reducers reach JS as type-tagged externals: an object of one kind passed
// where another is expected is a TypeError, never a cast. What blocks on other ranks (rendezvous,
// waiting for a collective) can run on a thread of its own and settle a promise, so the event loop
// stays free while ranks wait for each other.
#include "common.h"
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#include <torch/headeronly/version.h>
#include <thread>
#include "gloo.h"
#include "externals.h"
#include "off-thread.h"

namespace torchts {

using Store = c10::intrusive_ptr<c10d::Store>;
using Group = c10::intrusive_ptr<c10d::ProcessGroup>;
using Work = c10::intrusive_ptr<c10d::Work>;
using Reducer = std::shared_ptr<c10d::Reducer>;

// ---- The kinds this file lends JS (externals.h) ----------------------------------------------------

TORCHTS_EXTERNAL_KIND(Store, 1, "a Store");
TORCHTS_EXTERNAL_KIND(Group, 2, "a ProcessGroup");
TORCHTS_EXTERNAL_KIND(Work, 3, "a Work");
TORCHTS_EXTERNAL_KIND(Reducer, 4, "a Reducer");

namespace {

// What gloo's and c10d's messages about a lost peer mean for the user, said after them.
std::string explained(std::string message) {
  std::string line = firstMeaningfulLine(message);
  if (line.find("Connection closed by peer") != std::string::npos || line.find("Connection reset by peer") != std::string::npos ||
      line.find("Connection was likely closed") != std::string::npos) {
    line += " (another rank of the group has probably exited or been killed; its own output says why)";
  } else if (line.find("Timed out") != std::string::npos || line.find("timed out") != std::string::npos) {
    line += " (a rank did not reach this point within the group's timeout: did every rank call the same collectives in the same order?)";
  }
  return line;
}

// Runs what talks to other processes: whatever it throws (gloo reports timeouts and closed
// connections as plain runtime errors) becomes a DistributedError. Argument errors stay what they are.
template <typename F>
auto communicating(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const ArgError&) {
    throw;
  } catch (const c10::Error& e) {
    throw DistributedError(explained(e.msg()));
  } catch (const std::exception& e) {
    throw DistributedError(explained(e.what()));
  }
}

// ---- Gloo ------------------------------------------------------------------------------------------

c10::intrusive_ptr<c10d::Backend> makeGlooBackend(const Store& store, int rank, int size, std::chrono::milliseconds timeout) {
  auto options = c10d::ProcessGroupGloo::Options::create_default(timeout);
  auto* gloo = new c10d::ProcessGroupGloo(store, rank, size, options);
  // See gloo.h. If any of these fails, the declaration does not match this libtorch's class: the
  // object is left alone (never destroyed through a layout that may be wrong) and the call refused.
  bool matches = gloo->getBackendName() == "gloo" && gloo->getRank() == rank && gloo->getSize() == size &&
                 gloo->options_.get() == options.get() && gloo->threads_.size() == static_cast<size_t>(options->threads) &&
                 gloo->pgStatus_ != nullptr && gloo->pgStatus_->lastEnqueuedSeq == -1;
  if (!matches) {
    throw std::runtime_error("the Gloo backend of libtorch " TORCH_VERSION
                             " does not match the declaration torchts was built with (binding/gloo.h); "
                             "rebuild torchts against this libtorch (npm run build:native) or report it");
  }
  return c10::intrusive_ptr<c10d::Backend>::unsafe_steal_from_new(gloo);
}

// A process group as Python's _new_process_group_helper makes one, with the same store prefixes
// ("<group name>/" then "cpu/"), so that torchts and Python ranks can share a group. Gloo, as in
// Python, is one backend serving both CPU and CUDA tensors.
Group makeGroup(const Store& store, const std::string& name, int rank, int size, std::chrono::milliseconds timeout) {
  auto groupStore = c10::make_intrusive<c10d::PrefixStore>(name + "/", store);
  auto group = c10::make_intrusive<c10d::ProcessGroup>(groupStore, rank, size);
  using Type = c10d::ProcessGroup::BackendType;
  auto gloo = makeGlooBackend(c10::make_intrusive<c10d::PrefixStore>("cpu/", groupStore), rank, size, timeout);
  group->setDefaultBackend(Type::GLOO);
  group->setBackend(c10::DeviceType::CPU, Type::GLOO, gloo);
  group->setBackend(c10::DeviceType::CUDA, Type::GLOO, gloo);
  group->setGroupName(name);
  return group;
}

c10d::ReduceOp reduceOp(const Args& a, size_t i) {
  std::string op = a.str(i);
  if (op == "sum") return c10d::ReduceOp::SUM;
  if (op == "product") return c10d::ReduceOp::PRODUCT;
  if (op == "min") return c10d::ReduceOp::MIN;
  if (op == "max") return c10d::ReduceOp::MAX;
  throw ArgError("argument " + std::to_string(i) + " must be 'sum', 'product', 'min' or 'max'");
}

std::chrono::milliseconds ms(const Args& a, size_t i) {
  return std::chrono::milliseconds(a.i64(i));
}

// ---- SyncBatchNorm ---------------------------------------------------------------------------------
// Batch normalisation with statistics over every rank's batch. PyTorch's SyncBatchNorm runs on CUDA
// kernels only (batch_norm_stats & co. have no CPU version), so this is the same computation in ATen
// ops: forward all-reduces each channel's sum, sum of squares and count (in float64, so the variance
// by E[x²] - E[x]² loses nothing against a single process's); backward all-reduces sum(dy) and
// sum(dy·(x - mean)), which the input gradient needs over the whole batch. Weight and bias gradients
// stay local: DistributedDataParallel averages them like any other.
struct SyncBatchNormFn : public torch::autograd::Function<SyncBatchNormFn> {
  static std::vector<int64_t> reduceDims(const at::Tensor& x) {
    std::vector<int64_t> dims{0};
    for (int64_t d = 2; d < x.dim(); d++) dims.push_back(d);
    return dims;
  }
  static std::vector<int64_t> channelShape(const at::Tensor& x) {
    std::vector<int64_t> shape(x.dim(), 1);
    shape[1] = x.size(1);
    return shape;
  }
  static void allReduceSum(const Group& group, at::Tensor& t) {
    std::vector<at::Tensor> ts{t};
    communicating([&] { return group->allreduce(ts)->wait(); });
  }

  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                            const at::Tensor& bias, at::Tensor runningMean, at::Tensor runningVar, double momentum, double eps,
                            Group group) {
    const int64_t C = input.size(1);
    auto dims = reduceDims(input);
    auto shape = channelShape(input);
    at::Tensor x64 = input.to(at::kDouble);
    at::Tensor count = at::full({1}, static_cast<double>(input.numel() / C), x64.options());
    at::Tensor combined = at::cat({x64.sum(dims), (x64 * x64).sum(dims), count});
    allReduceSum(group, combined);
    double n = combined[2 * C].item<double>();
    at::Tensor mean64 = combined.slice(0, 0, C) / n;
    at::Tensor var64 = (combined.slice(0, C, 2 * C) / n - mean64 * mean64).clamp_min(0);
    at::Tensor mean = mean64.to(input.scalar_type());
    at::Tensor invstd = (var64 + eps).rsqrt().to(input.scalar_type());
    if (runningMean.defined()) {
      at::NoGradGuard noGrad;
      runningMean.mul_(1 - momentum).add_(mean64.to(runningMean.scalar_type()), momentum);
      runningVar.mul_(1 - momentum).add_((var64 * (n / std::max(n - 1, 1.0))).to(runningVar.scalar_type()), momentum);
    }
    at::Tensor out = (input - mean.view(shape)) * invstd.view(shape);
    if (weight.defined()) out = out * weight.view(shape);
    if (bias.defined()) out = out + bias.view(shape);
    ctx->save_for_backward({input, weight, mean, invstd});
    ctx->saved_data["n"] = n;
    ctx->saved_data["hasBias"] = bias.defined();
    ctx->saved_data["group"] = c10::IValue(group);
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const at::Tensor &input = saved[0], &weight = saved[1], &mean = saved[2], &invstd = saved[3];
    const at::Tensor& dy = grads[0];
    const double n = ctx->saved_data["n"].toDouble();
    auto dims = reduceDims(input);
    auto shape = channelShape(input);
    const int64_t C = input.size(1);
    at::Tensor xmu = input - mean.view(shape);
    at::Tensor sumDy = dy.sum(dims);
    at::Tensor sumDyXmu = (dy * xmu).sum(dims);
    at::Tensor gradInput, gradWeight, gradBias;
    if (weight.defined() && ctx->needs_input_grad(1)) gradWeight = sumDyXmu * invstd;
    if (ctx->saved_data["hasBias"].toBool() && ctx->needs_input_grad(2)) gradBias = sumDy;
    if (ctx->needs_input_grad(0)) {
      at::Tensor combined = at::cat({sumDy, sumDyXmu});
      allReduceSum(ctx->saved_data["group"].toCustomClass<c10d::ProcessGroup>(), combined);
      at::Tensor meanDy = combined.slice(0, 0, C) / n;
      at::Tensor meanDyXmu = combined.slice(0, C, 2 * C) / n;
      at::Tensor scale = weight.defined() ? invstd * weight : invstd;
      gradInput = (dy - meanDy.view(shape) - xmu * (invstd * invstd * meanDyXmu).view(shape)) * scale.view(shape);
    }
    return {gradInput, gradWeight, gradBias, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

const Def kDistributed[] = {
    // (host, port, isServer, worldSize, timeoutMs, op) -> Promise<Store>; `op`, the caller's name, is
    // what errors show. The server waits for worldSize
    // clients (itself included) when worldSize > 0, as Python's TCPStore(..., wait_for_workers=True).
    DEF(distTcpStore, {
          c10d::TCPStoreOptions o;
          std::string host = a.str(0);
          int64_t port = a.i64(1);
          if (port < 0 || port > 65535) throw ArgError("argument 1 must be a port number (0 to 65535)");
          o.port = static_cast<uint16_t>(port);
          o.isServer = a.b(2);
          int64_t world = a.i64(3);
          if (world > 0) o.numWorkers = static_cast<size_t>(world);
          o.waitWorkers = world > 0;
          o.timeout = ms(a, 4);
          o.multiTenant = true;
          return offThread<Store>(
              a.env, a.str(5), [host, o]() { return communicating([&] { return Store(c10::make_intrusive<c10d::TCPStore>(host, o)); }); },
              [](Napi::Env env, Store& s) { return box(env, s); });
        }),
    // (path, worldSize) -> Store
    DEF(distFileStore, return box(a.env, Store(c10::make_intrusive<c10d::FileStore>(a.str(0), static_cast<int>(a.i64(1)))));),
    DEF(distPrefixStore, return box(a.env, Store(c10::make_intrusive<c10d::PrefixStore>(a.str(1), unbox<Store>(a, 0))));),
    // (store, key, expected, desired) -> the value now under key: sets it to desired if it holds
    // expected ('' for a missing key), atomically.
    DEF(distStoreCompareSet, {
          std::string expected = a.str(2), desired = a.str(3);
          auto v = communicating([&] {
            return unbox<Store>(a, 0)->compareSet(a.str(1), std::vector<uint8_t>(expected.begin(), expected.end()),
                                                  std::vector<uint8_t>(desired.begin(), desired.end()));
          });
          return a.ret(std::string(v.begin(), v.end()));
        }),
    // Lets go of the store now rather than at garbage collection: a TCPStore server stops listening.
    DEF(distStoreRelease, releaseHeld<Store>(a, 0); return a.none();),
    DEF(distStoreSetTimeout, unbox<Store>(a, 0)->setTimeout(ms(a, 1)); return a.none();),

    // (store, groupName, rank, size, timeoutMs, op) -> Promise<ProcessGroup>: Gloo's rendezvous waits
    // for every rank of the group.
    DEF(distNewGroup, {
          Store store = unbox<Store>(a, 0);
          std::string name = a.str(1);
          int rank = static_cast<int>(a.i64(2)), size = static_cast<int>(a.i64(3));
          if (size < 1 || rank < 0 || rank >= size) {
            throw ArgError("the rank (" + std::to_string(rank) + ") must be in [0, " + std::to_string(size) + ")");
          }
          auto timeout = ms(a, 4);
          return offThread<Group>(
              a.env, a.str(5),
              [=]() { return communicating([&] { return makeGroup(store, name, rank, size, timeout); }); },
              [](Napi::Env env, Group& g) { return box(env, g); });
        }),
    DEF(distGroupRank, return a.ret(static_cast<double>(unbox<Group>(a, 0)->getRank()));),
    DEF(distGroupSize, return a.ret(static_cast<double>(unbox<Group>(a, 0)->getSize()));),
    DEF(distGroupBackend, return a.ret(unbox<Group>(a, 0)->getBackendName());),
    // Ends the group's backend (its threads and connections); later collectives on it fail.
    DEF(distGroupShutdown, {
          Group& g = unbox<Group>(a, 0);
          g->shutdown();
          g.reset();
          return a.none();
        }),

    // Collectives: each returns its Work. (group, tensors, op)
    DEF(distAllReduce, {
          std::vector<at::Tensor> ts = a.tensors(1);
          c10d::AllreduceOptions o;
          o.reduceOp = reduceOp(a, 2);
          return box(a.env, Work(unbox<Group>(a, 0)->allreduce(ts, o)));
        }),
    // (group, tensors, root)
    DEF(distBroadcast, {
          std::vector<at::Tensor> ts = a.tensors(1);
          c10d::BroadcastOptions o;
          o.rootRank = a.i64(2);
          return box(a.env, Work(unbox<Group>(a, 0)->broadcast(ts, o)));
        }),
    // (group, outputs (one per rank), input)
    DEF(distAllGather, {
          std::vector<std::vector<at::Tensor>> out{a.tensors(1)};
          std::vector<at::Tensor> in{a.t(2)};
          return box(a.env, Work(unbox<Group>(a, 0)->allgather(out, in)));
        }),
    // (group, output, inputs (one per rank), op)
    DEF(distReduceScatter, {
          std::vector<at::Tensor> out{a.t(1)};
          std::vector<std::vector<at::Tensor>> in{a.tensors(2)};
          c10d::ReduceScatterOptions o;
          o.reduceOp = reduceOp(a, 3);
          return box(a.env, Work(unbox<Group>(a, 0)->reduce_scatter(out, in, o)));
        }),
    // (group, tensor, peer, tag)
    DEF(distSend, {
          std::vector<at::Tensor> ts{a.t(1)};
          return box(a.env, Work(unbox<Group>(a, 0)->send(ts, static_cast<int>(a.i64(2)), static_cast<int>(a.i64(3)))));
        }),
    DEF(distRecv, {
          std::vector<at::Tensor> ts{a.t(1)};
          return box(a.env, Work(unbox<Group>(a, 0)->recv(ts, static_cast<int>(a.i64(2)), static_cast<int>(a.i64(3)))));
        }),
    DEF(distBarrier, return box(a.env, Work(unbox<Group>(a, 0)->barrier()));),
    // (tensors, group, bufferBytes, root): broadcasts many tensors in flattened buckets (DDP's start),
    // writing into them in place: parameters are written through detached aliases, as Python's
    // _sync_module_states does, so autograd does not refuse the write into a leaf.
    DEF(distBroadcastCoalesced, {
          std::vector<at::Tensor> ts = a.tensors(0);
          for (auto& t : ts) t = t.detach();
          at::NoGradGuard noGrad;
          Group g = unbox<Group>(a, 1);
          size_t bytes = static_cast<size_t>(a.i64(2));
          int root = static_cast<int>(a.i64(3));
          communicating([&] { c10d::broadcast_coalesced(g, ts, bytes, root); });
          return a.none();
        }),

    // Work: (work, op, timeoutMs; 0 = the group's) blocks; waitAsync (work, op) settles a promise
    // instead. `op` is the collective's name, which errors show.
    DEF(distWorkWait, {
          Work w = unbox<Work>(a, 0);
          std::string op = a.str(1);
          int64_t t = a.i64(2);
          rethrowAs(a.env, op, [&] { return communicating([&] { return w->wait(std::chrono::milliseconds(std::max<int64_t>(t, 0))); }); });
          return a.none();
        }),
    DEF(distWorkWaitAsync, {
          Work w = unbox<Work>(a, 0);
          return offThread<bool>(
              a.env, a.str(1), [w]() { return communicating([&] { return w->wait(); }); },
              [](Napi::Env env, bool&) { return env.Undefined(); });
        }),
    DEF(distWorkIsCompleted, return a.ret(unbox<Work>(a, 0)->isCompleted());),

    // (group, params): every rank holds parameters of the same number, shapes and dtypes, or a clear
    // error says which differ (DDP's first check).
    DEF(ddpVerifyParams, {
          c10d::verify_params_across_processes(unbox<Group>(a, 0), a.tensors(1), std::nullopt);
          return a.none();
        }),
    // DDP's Reducer: (params, group, bucketCapBytes, firstBucketBytes, findUnusedParameters,
    // gradientAsBucketView, names) -> Reducer. Buckets are assigned as DistributedDataParallel's
    // _ddp_init_helper assigns them.
    DEF(ddpReducer, {
          std::vector<at::Tensor> params = a.tensors(0);
          Group group = unbox<Group>(a, 1);
          int64_t cap = a.i64(2), first = a.i64(3);
          bool findUnused = a.b(4), asView = a.b(5);
          if (!a.arg(6).IsArray() || a.arg(6).As<Napi::Array>().Length() != params.size()) {
            throw ArgError("argument 6 must be an array of one name per parameter");
          }
          Napi::Array names = a.arg(6).As<Napi::Array>();
          std::unordered_map<size_t, std::string> byIndex;
          for (size_t i = 0; i < params.size(); i++) byIndex[i] = names.Get(i).ToString().Utf8Value();
          // Without unused parameters, one bucket for the first iteration; the Reducer rebuilds them
          // in the order gradients actually arrive (rebuild_buckets, called before each forward).
          std::vector<size_t> limits = findUnused ? std::vector<size_t>{static_cast<size_t>(first), static_cast<size_t>(cap)}
                                                  : std::vector<size_t>{std::numeric_limits<size_t>::max()};
          std::vector<bool> sparse(params.size(), false);
          auto [buckets, perBucket] = c10d::compute_bucket_assignment_by_size(params, limits, sparse);
          std::reverse(buckets.begin(), buckets.end());
          auto reducer = std::make_shared<c10d::Reducer>(params, buckets, group, sparse, cap, findUnused, asView, byIndex, first,
                                                         false, false, std::vector<int64_t>{});
          return box(a.env, Reducer(reducer));
        }),
    DEF(ddpPrepareForForward, unbox<Reducer>(a, 0)->prepare_for_forward(); return a.none();),
    // (reducer, outputs): the outputs are searched for unused parameters when findUnusedParameters.
    DEF(ddpPrepareForBackward, unbox<Reducer>(a, 0)->prepare_for_backward(a.tensors(1)); return a.none();),
    DEF(ddpRebuildBuckets, return a.ret(unbox<Reducer>(a, 0)->rebuild_buckets());),
    DEF(ddpBucketSizes, {
          // Bytes of each bucket, for the reader who tunes bucketCapMb.
          std::vector<int64_t> sizes;
          for (const auto& b : unbox<Reducer>(a, 0)->get_grad_buckets(false)) sizes.push_back(b.getBuffer().nbytes());
          return a.ret(sizes);
        }),
    DEF(ddpRelease, {
          Reducer& r = unbox<Reducer>(a, 0);
          r->remove_autograd_hooks();
          r.reset();
          return a.none();
        }),

    // (input, weight, bias, runningMean, runningVar, momentum, eps, group) -> output, in training mode.
    DEF(syncBatchNorm, {
          const at::Tensor& input = a.t(0);
          if (input.dim() < 2) throw ArgError("argument 0 must have at least 2 dimensions ([N, C, ...])");
          auto opt = [&](size_t i) { return a.optT(i).value_or(at::Tensor()); };
          return a.ret(SyncBatchNormFn::apply(input, opt(1), opt(2), opt(3), opt(4), a.f(5), a.f(6), unbox<Group>(a, 7)));
        }),
};

}  // namespace

void registerDistributed(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kDistributed);
}

}  // namespace torchts
