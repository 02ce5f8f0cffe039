// Optimizer steps and gradient clipping: one native call for all parameters, on ATen's fused and
// multi-tensor kernels, following torch/optim's own fused (SGD, Adam, AdamW) and foreach (RMSprop)
// paths operation by operation, so results match PyTorch's fused=True / foreach=True bit for bit.
#include "common.h"

namespace torchts {

namespace {

// Tensors are grouped by (device, dtype) as torch.optim's _group_tensors_by_device_and_dtype does:
// a fused or foreach kernel takes lists of one device and dtype.
struct Group {
  std::vector<size_t> index;
};

std::vector<Group> groupByDeviceDtype(const std::vector<at::Tensor>& params) {
  std::vector<std::pair<std::pair<c10::Device, at::ScalarType>, Group>> groups;
  for (size_t i = 0; i < params.size(); i++) {
    auto key = std::make_pair(params[i].device(), params[i].scalar_type());
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.push_back({key, Group{}});
      it = groups.end() - 1;
    }
    it->second.index.push_back(i);
  }
  std::vector<Group> out;
  for (auto& g : groups) out.push_back(std::move(g.second));
  return out;
}

// The group's tensors of a per-parameter list; an empty list (an unused optional state) stays empty.
std::vector<at::Tensor> pick(const std::vector<at::Tensor>& xs, const Group& g) {
  std::vector<at::Tensor> out;
  if (xs.empty()) return out;
  out.reserve(g.index.size());
  for (size_t i : g.index) out.push_back(xs[i]);
  return out;
}

std::vector<at::Tensor> gradsOf(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> grads;
  grads.reserve(params.size());
  for (size_t i = 0; i < params.size(); i++) {
    const at::Tensor& g = params[i].grad();
    if (!g.defined()) throw ArgError("parameter " + std::to_string(i) + " has no gradient (the optimizer passes only parameters with one)");
    grads.push_back(g);
  }
  return grads;
}

// The GradScaler's scale or found-inf flag on a group's device (torch.optim's per-device copies).
std::optional<at::Tensor> onDevice(const std::optional<at::Tensor>& t, const at::Tensor& like) {
  return t ? std::optional<at::Tensor>(t->to(like.device())) : std::nullopt;
}

void checkSameLength(const std::vector<at::Tensor>& a, const std::vector<at::Tensor>& b, const char* name) {
  if (!b.empty() && a.size() != b.size()) throw ArgError(std::string(name) + " must have one tensor per parameter");
}

}  // namespace

static const Def kOptim[] = {
    // (params, momentumBuffers, lr, momentum, dampening, weightDecay, nesterov, maximize, isFirstStep,
    //  gradScale?, foundInf?)
    DEF(sgdStep, {
          at::NoGradGuard noGrad;  // as torch.optim steps and clip_grad_norm_ run
          auto params = a.tensors(0);
          auto bufs = a.tensors(1);
          checkSameLength(params, bufs, "momentumBuffers");
          double lr = a.f(2), momentum = a.f(3), dampening = a.f(4), weightDecay = a.f(5);
          bool nesterov = a.b(6), maximize = a.b(7), isFirstStep = a.b(8);
          auto scale = a.optT(9), inf = a.optT(10);
          auto grads = gradsOf(params);
          for (const Group& g : groupByDeviceDtype(params)) {
            auto p = pick(params, g);
            auto gr = pick(grads, g);
            auto b = pick(bufs, g);
            at::_fused_sgd_(p, gr, b, weightDecay, momentum, lr, dampening, nesterov, maximize, isFirstStep, onDevice(scale, p[0]),
                            onDevice(inf, p[0]));
          }
          return a.none();
        }),
    // (params, expAvgs, expAvgSqs, maxExpAvgSqs, steps, lr, beta1, beta2, weightDecay, eps, amsgrad,
    //  maximize, decoupledWeightDecay, gradScale?, foundInf?)
    DEF(adamStep, {
          at::NoGradGuard noGrad;  // as torch.optim steps and clip_grad_norm_ run
          auto params = a.tensors(0);
          auto m = a.tensors(1), v = a.tensors(2), vmax = a.tensors(3), steps = a.tensors(4);
          checkSameLength(params, m, "expAvgs");
          checkSameLength(params, v, "expAvgSqs");
          checkSameLength(params, vmax, "maxExpAvgSqs");
          checkSameLength(params, steps, "steps");
          double lr = a.f(5), beta1 = a.f(6), beta2 = a.f(7), weightDecay = a.f(8), eps = a.f(9);
          bool amsgrad = a.b(10), maximize = a.b(11), decoupledWeightDecay = a.b(12);
          auto scale = a.optT(13), inf = a.optT(14);
          auto grads = gradsOf(params);
          for (const Group& g : groupByDeviceDtype(params)) {
            auto p = pick(params, g);
            auto st = pick(steps, g);
            auto s = onDevice(scale, p[0]), f = onDevice(inf, p[0]);
            at::_foreach_add_(st, 1);
            auto mg = pick(m, g), vg = pick(v, g), gr = pick(grads, g);
            auto vm = pick(vmax, g);
            // AdamW is Adam with the weight decay applied to the weights, not added to the gradient.
            if (decoupledWeightDecay) {
              at::_fused_adamw_(p, gr, mg, vg, vm, st, lr, beta1, beta2, weightDecay, eps, amsgrad, maximize, s, f);
            } else {
              at::_fused_adam_(p, gr, mg, vg, vm, st, lr, beta1, beta2, weightDecay, eps, amsgrad, maximize, s, f);
            }
            if (f) at::_foreach_sub_(st, std::vector<at::Tensor>(st.size(), *f));
          }
          return a.none();
        }),
    // (params, squareAvgs, gradAvgs, momentumBuffers, steps, lr, alpha, eps, weightDecay, momentum,
    //  centered, maximize): torch.optim.rmsprop's _multi_tensor_rmsprop, op for op.
    DEF(rmspropStep, {
          at::NoGradGuard noGrad;  // as torch.optim steps and clip_grad_norm_ run
          auto params = a.tensors(0);
          auto sq = a.tensors(1), gavg = a.tensors(2), bufs = a.tensors(3), steps = a.tensors(4);
          double lr = a.f(5), alpha = a.f(6), eps = a.f(7), wd = a.f(8), momentum = a.f(9);
          bool centered = a.b(10), maximize = a.b(11);
          auto allGrads = gradsOf(params);
          for (const Group& g : groupByDeviceDtype(params)) {
            auto p = pick(params, g);
            auto grads = pick(allGrads, g);
            auto sqg = pick(sq, g);
            auto st = pick(steps, g);
            if (maximize) grads = at::_foreach_neg(grads);
            if (st[0].is_cpu()) at::_foreach_add_(st, at::scalar_tensor(1.0, at::kFloat), 1.0);
            else at::_foreach_add_(st, 1);
            if (wd != 0) {
              if (maximize) at::_foreach_add_(grads, p, wd);
              else grads = at::_foreach_add(grads, p, wd);
            }
            at::_foreach_mul_(sqg, alpha);
            at::_foreach_addcmul_(sqg, grads, grads, 1 - alpha);
            std::vector<at::Tensor> avg;
            if (centered) {
              auto ga = pick(gavg, g);
              at::_foreach_lerp_(ga, grads, 1 - alpha);
              avg = at::_foreach_addcmul(sqg, ga, ga, -1);
              at::_foreach_sqrt_(avg);
              at::_foreach_add_(avg, eps);
            } else {
              avg = at::_foreach_sqrt(sqg);
              at::_foreach_add_(avg, eps);
            }
            if (momentum > 0) {
              auto b = pick(bufs, g);
              at::_foreach_mul_(b, momentum);
              at::_foreach_addcdiv_(b, grads, avg);
              at::_foreach_add_(p, b, -lr);
            } else {
              at::_foreach_addcdiv_(p, grads, avg, -lr);
            }
          }
          return a.none();
        }),
    // (params, maxNorm, normType, errorIfNonfinite) -> total norm (a tensor): torch.nn.utils.clip_grad_norm_
    // on CPU, per tensor (its foreach path is for CUDA and gives the same norms).
    DEF(clipGradNorm, {
          at::NoGradGuard noGrad;  // as torch.optim steps and clip_grad_norm_ run
          auto params = a.tensors(0);
          double maxNorm = a.f(1), normType = a.f(2);
          std::vector<at::Tensor> grads;
          for (auto& p : params) if (p.grad().defined()) grads.push_back(p.grad());
          if (grads.empty()) return a.ret(at::tensor(0.0));
          std::vector<at::Tensor> norms;
          for (auto& g : grads) norms.push_back(at::linalg_vector_norm(g, normType));
          for (auto& n : norms) n = n.to(grads[0].device());
          at::Tensor total = at::linalg_vector_norm(at::stack(norms), normType);
          if (a.b(3) && (total.isnan().item<bool>() || total.isinf().item<bool>())) {
            throw std::runtime_error("The total norm of order " + c10::str(normType) +
                " for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and "
                "scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false");
          }
          // Python's `max_norm / (total_norm + 1e-6)` is Tensor.__rtruediv__, which computes
          // reciprocal() * max_norm: not one division, and it rounds differently.
          at::Tensor coef = at::clamp((total + 1e-6).reciprocal() * maxNorm, std::nullopt, 1.0);
          for (auto& g : grads) g.mul_(coef.to(g.device()));
          return a.ret(total);
        }),
    DEF(clipGradValue, {
          at::NoGradGuard noGrad;  // as torch.optim steps and clip_grad_norm_ run
          auto params = a.tensors(0);
          double v = a.f(1);
          for (auto& p : params) if (p.grad().defined()) p.grad().clamp_(-v, v);
          return a.none();
        }),
};

void registerOptim(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kOptim);
}

}  // namespace torchts
