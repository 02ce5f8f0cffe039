// AOTInductor: a .pt2 package that Python's torch._inductor.aoti_compile_and_package made (the model's
// graph compiled to fused C++/CUDA kernels in a shared library) loaded by libtorch's own loader and
// run, on the JS thread or on a thread of its own. lib/aoti.ts builds torch.aoti on these.
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>
#include "common.h"
#include "externals.h"
#include "off-thread.h"

namespace torchts {
namespace {

// Runs of one package happen one at a time, as for a ScriptModule (jit.cpp).
struct Package {
  std::unique_ptr<torch::inductor::AOTIModelPackageLoader> loader;
  std::mutex running;
};
using PackageRef = std::shared_ptr<Package>;

}  // namespace

TORCHTS_EXTERNAL_KIND(PackageRef, 6, "an AOTInductor package");

namespace {

std::vector<at::Tensor> run(Package& p, std::vector<at::Tensor> inputs) {
  std::lock_guard<std::mutex> lock(p.running);
  c10::InferenceMode inference;
  try {
    return p.loader->run(inputs);
  } catch (const std::exception& e) {
    // The generated code's input check prints what differs to stderr and fails the call with the
    // C API's generic message, which only names the failed call.
    if (std::string(e.what()).find("API call failed") == std::string::npos) throw;
    throw std::runtime_error("the inputs do not match what the package was compiled for (their shapes, dtypes or devices; "
                             "the model printed which to stderr)");
  }
}

Napi::Value handles(Napi::Env env, const std::vector<at::Tensor>& ts) {
  State& st = state(env);
  Napi::Array out = Napi::Array::New(env, ts.size());
  for (size_t i = 0; i < ts.size(); i++) out.Set(static_cast<uint32_t>(i), put(env, st, ts[i]));
  return out;
}

const Def kAoti[] = {
    // (path, modelName, deviceIndex) -> package. The loader unpacks the package into a temporary
    // folder and loads its shared library.
    DEF(aotiLoad, {
          auto p = std::make_shared<Package>();
          p->loader = std::make_unique<torch::inductor::AOTIModelPackageLoader>(a.str(0), a.str(1), false, 1,
                                                                                static_cast<c10::DeviceIndex>(a.i64(2)));
          return box<PackageRef>(a.env, std::move(p));
        }),
    // (package, inputs[], op) -> outputs[]
    DEF(aotiRun, return rethrowAs(a.env, a.str(2), [&] { return handles(a.env, run(*unbox<PackageRef>(a, 0), a.tensors(1))); });),
    // (package, inputs[], op) -> Promise<outputs[]>: the inputs are held by the call from now on.
    DEF(aotiRunAsync, {
          std::string op = a.str(2);
          auto [p, inputs] = rethrowAs(a.env, op, [&] { return std::make_pair(unbox<PackageRef>(a, 0), a.tensors(1)); });
          return offThread<std::vector<at::Tensor>>(
              a.env, op, [p = p, inputs = inputs]() { return run(*p, inputs); },
              [](Napi::Env env, std::vector<at::Tensor>& out) { return handles(env, out); }, onInferenceThread);
        }),
    // (package, samples[], op) -> Promise<outputs[]>: the package run on the samples stacked into one
    // batch on the inference thread (serve.BatchQueue).
    DEF(aotiRunStackedAsync, {
          std::string op = a.str(2);
          auto [p, samples] = rethrowAs(a.env, op, [&] { return std::make_pair(unbox<PackageRef>(a, 0), a.tensors(1)); });
          return offThread<std::vector<at::Tensor>>(
              a.env, op, [p = p, samples = samples]() { return run(*p, {at::stack(samples, 0)}); },
              [](Napi::Env env, std::vector<at::Tensor>& out) { return handles(env, out); }, onInferenceThread);
        }),
    DEF(aotiMetadata, {
          Napi::Object o = Napi::Object::New(a.env);
          for (const auto& [k, v] : unbox<PackageRef>(a, 0)->loader->get_metadata()) o.Set(k, v);
          return o;
        }),
    DEF(aotiConstantNames, {
          auto names = unbox<PackageRef>(a, 0)->loader->get_constant_fqns();
          Napi::Array arr = Napi::Array::New(a.env, names.size());
          for (size_t i = 0; i < names.size(); i++) arr.Set(static_cast<uint32_t>(i), names[i]);
          return arr;
        }),
    DEF(aotiRelease, releaseHeld<PackageRef>(a, 0); return a.none();),
};

}  // namespace

void registerAoti(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kAoti);
}

}  // namespace torchts
