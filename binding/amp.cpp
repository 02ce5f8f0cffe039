// Mixed precision: libtorch's autocast state (thread-local), entered and left exactly as Python's
// torch.autocast does, and the GradScaler kernels (non-finite check and unscale, scale update).
#include "common.h"

#include <ATen/autocast_mode.h>

namespace torchts {

namespace {

c10::DeviceType deviceType(const Args& a, size_t i) {
  std::string d = a.str(i);
  if (d == "cuda") return c10::DeviceType::CUDA;
  if (d == "cpu") return c10::DeviceType::CPU;
  throw ArgError("device type must be 'cpu' or 'cuda', received '" + d + "'");
}

}  // namespace

static const Def kAmp[] = {
    // (deviceType) -> { enabled, dtype, cacheEnabled }: what torch.autocast.__enter__ saves
    DEF(autocastState, {
          c10::DeviceType d = deviceType(a, 0);
          Napi::Object o = Napi::Object::New(a.env);
          o.Set("enabled", at::autocast::is_autocast_enabled(d));
          o.Set("dtype", static_cast<double>(static_cast<int>(at::autocast::get_autocast_dtype(d))));
          o.Set("cacheEnabled", at::autocast::is_autocast_cache_enabled());
          return o;
        }),
    // (deviceType, enabled, dtype, cacheEnabled): torch.autocast.__enter__
    DEF(autocastEnter, {
          c10::DeviceType d = deviceType(a, 0);
          at::autocast::set_autocast_enabled(d, a.b(1));
          at::autocast::set_autocast_dtype(d, a.dtype(2));
          at::autocast::increment_nesting();
          at::autocast::set_autocast_cache_enabled(a.b(3));
          return a.none();
        }),
    // (deviceType, prevEnabled, prevDtype, prevCacheEnabled): torch.autocast.__exit__; the cache of
    // casted weights is cleared when the outermost region exits.
    DEF(autocastExit, {
          c10::DeviceType d = deviceType(a, 0);
          if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
          at::autocast::set_autocast_enabled(d, a.b(1));
          at::autocast::set_autocast_dtype(d, a.dtype(2));
          at::autocast::set_autocast_cache_enabled(a.b(3));
          return a.none();
        }),
    // (params, invScale, allowFp16) -> [device, foundInf][]: GradScaler._unscale_grads_. Gradients are
    // grouped by device and dtype; each device gets its own found-inf flag and copy of the scale.
    DEF(ampUnscaleGrads, {
          at::NoGradGuard noGrad;
          auto params = a.tensors(0);
          const at::Tensor& invScale = a.t(1);
          bool allowFp16 = a.b(2);
          std::vector<std::pair<c10::Device, std::vector<std::pair<at::ScalarType, std::vector<at::Tensor>>>>> byDevice;
          for (auto& p : params) {
            const at::Tensor& g = p.grad();
            if (!g.defined()) continue;
            if (!allowFp16 && g.scalar_type() == at::kHalf) throw std::invalid_argument("Attempting to unscale FP16 gradients.");
            auto dev = std::find_if(byDevice.begin(), byDevice.end(), [&](auto& e) { return e.first == g.device(); });
            if (dev == byDevice.end()) {
              byDevice.push_back({g.device(), {}});
              dev = byDevice.end() - 1;
            }
            auto dt = std::find_if(dev->second.begin(), dev->second.end(), [&](auto& e) { return e.first == g.scalar_type(); });
            if (dt == dev->second.end()) {
              dev->second.push_back({g.scalar_type(), {}});
              dt = dev->second.end() - 1;
            }
            dt->second.push_back(g);
          }
          Napi::Array out = Napi::Array::New(a.env, byDevice.size());
          uint32_t k = 0;
          for (auto& [device, groups] : byDevice) {
            at::Tensor found = at::full({}, 0.0, at::TensorOptions().dtype(at::kFloat).device(device));
            at::Tensor inv = invScale.to(device);
            for (auto& [dtype, grads] : groups) at::_amp_foreach_non_finite_check_and_unscale_(grads, found, inv);
            Napi::Array pair = Napi::Array::New(a.env, 2);
            pair.Set(0u, device.str());
            pair.Set(1u, a.ret(found));
            out.Set(k++, pair);
          }
          return out;
        }),
    // (scale, growthTracker, foundInf, growthFactor, backoffFactor, growthInterval): in place
    DEF(ampUpdateScale, {
          at::_amp_update_scale_(a.t(0), a.t(1), a.t(2), a.f(3), a.f(4), a.i64(5));
          return a.none();
        }),
};

void registerAmp(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kAmp);
}

}  // namespace torchts
