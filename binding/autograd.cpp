// Autograd: backward passes and torch.autograd.grad. Grad mode itself is in addon.cpp.
#include "common.h"

namespace torchts {

static const Def kAutograd[] = {
    // (t, gradient?, retainGraph?, createGraph, inputs?)
    DEF(backward, {
          std::optional<bool> retain = a.isNullish(2) ? std::nullopt : std::optional<bool>(a.b(2));
          std::optional<at::TensorList> inputs;
          std::vector<at::Tensor> inputList;
          if (!a.isNullish(4)) {
            inputList = a.tensors(4);
            inputs = inputList;
          }
          a.t(0).backward(a.optT(1).value_or(at::Tensor()), retain, a.b(3), inputs);
          return a.none();
        }),
    // (outputs[], inputs[], gradOutputs[]?, retainGraph?, createGraph, allowUnused) -> (handle|null)[]
    DEF_AS(autogradGrad, "autograd.grad", {
          std::vector<at::Tensor> outputs = a.tensors(0);
          std::vector<at::Tensor> inputs = a.tensors(1);
          std::vector<at::Tensor> gradOutputs;
          if (!a.isNullish(2)) {
            for (auto& g : a.optTensors(2)) gradOutputs.push_back(g.value_or(at::Tensor()));
          }
          std::optional<bool> retain = a.isNullish(3) ? std::nullopt : std::optional<bool>(a.b(3));
          return a.ret(torch::autograd::grad(outputs, inputs, gradOutputs, retain, a.b(4), a.b(5)));
        }),
};

void registerAutograd(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kAutograd);
}

}  // namespace torchts
