// Neural-network functional ops and losses: what nn layers and losses are built on.
#include "common.h"

namespace torchts {

namespace {

// Losses take PyTorch's reduction names; ATen takes its enum.
int64_t reduction(const Args& a, size_t i) {
  std::string r = a.str(i);
  if (r == "mean") return at::Reduction::Mean;
  if (r == "sum") return at::Reduction::Sum;
  if (r == "none") return at::Reduction::None;
  throw ArgError("reduction must be 'mean', 'sum' or 'none', received '" + r + "'");
}

// F.interpolate: (input, size?, scaleFactor?, mode, alignCorners?)
at::Tensor interpolate(const Args& a) {
  const at::Tensor& x = a.t(0);
  auto size = a.optInts(1);
  std::optional<std::vector<double>> scales;
  if (!a.isNullish(2)) scales = a.floats(2);
  std::string mode = a.str(3);
  std::optional<bool> align = a.isNullish(4) ? std::nullopt : std::optional<bool>(a.b(4));
  at::OptionalIntArrayRef out = size ? at::OptionalIntArrayRef(*size) : at::OptionalIntArrayRef();
  std::optional<at::ArrayRef<double>> sf = scales ? std::optional<at::ArrayRef<double>>(*scales) : std::nullopt;
  bool linearish = mode == "linear" || mode == "bilinear" || mode == "bicubic" || mode == "trilinear";
  if (!linearish && align) throw ArgError("alignCorners can only be set with mode linear, bilinear, bicubic or trilinear");
  bool ac = align.value_or(false);
  if (x.dim() == 3 && mode == "nearest") return at::upsample_nearest1d(x, out, sf);
  if (x.dim() == 3 && mode == "nearest-exact") return at::_upsample_nearest_exact1d(x, out, sf);
  if (x.dim() == 3 && mode == "linear") return at::upsample_linear1d(x, out, ac, sf);
  if (x.dim() == 4 && mode == "nearest") return at::upsample_nearest2d(x, out, sf);
  if (x.dim() == 4 && mode == "nearest-exact") return at::_upsample_nearest_exact2d(x, out, sf);
  if (x.dim() == 4 && mode == "bilinear") return at::upsample_bilinear2d(x, out, ac, sf);
  if (x.dim() == 4 && mode == "bicubic") return at::upsample_bicubic2d(x, out, ac, sf);
  if (x.dim() == 5 && mode == "nearest") return at::upsample_nearest3d(x, out, sf);
  if (x.dim() == 5 && mode == "trilinear") return at::upsample_trilinear3d(x, out, ac, sf);
  throw ArgError("mode '" + mode + "' is not supported for " + std::to_string(x.dim()) +
                 "-D input (3-D: nearest, nearest-exact, linear; 4-D: nearest, nearest-exact, bilinear, "
                 "bicubic; 5-D: nearest, trilinear)");
}

// ATen's CPU dropout (Dropout.cpp's _dropout_impl), op for op, with this instance's generator
// instead of the process-wide one, so the same seed gives PyTorch's masks. Other devices keep
// ATen's own functions (CUDA has a fused kernel and per-device generators).
at::Tensor dropout(const Args& a, at::Tensor input, double p, bool train, bool feature, bool alpha, bool inplace) {
  if (!input.is_cpu()) {
    if (alpha) return at::alpha_dropout(input, p, train);
    if (feature) return at::feature_dropout(input, p, train);
    return inplace ? at::dropout_(input, p, train) : at::dropout(input, p, train);
  }
  TORCH_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !train || input.numel() == 0) return input;
  auto multiply = [&](const at::Tensor& noise) { return inplace ? input.mul_(noise) : input.mul(noise); };
  if (p == 1) return multiply(at::zeros({}, input.options()));
  at::Tensor noise;
  if (feature) {
    TORCH_CHECK(input.dim() >= 2, "Feature dropout requires at least 2 dimensions in the input");
    std::vector<int64_t> sizes(input.dim(), 1);
    sizes[0] = input.size(0);
    sizes[1] = input.size(1);
    noise = at::empty(sizes, input.options());
  } else {
    noise = at::empty_like(input);
  }
  noise.bernoulli_(1 - p, a.st.cpuGenerator);
  if (!alpha) {
    noise.div_(1 - p);
    return multiply(noise);
  }
  constexpr double kAlpha = 1.7580993408473766;
  double scale = 1. / std::sqrt((kAlpha * kAlpha * p + 1) * (1 - p));
  at::Tensor shift = noise.add(-1).mul_(kAlpha * scale).add_(kAlpha * scale * p);
  noise.mul_(scale);
  return multiply(noise).add_(shift);
}

}  // namespace

static const Def kNn[] = {
    // (input, weight, bias?, stride, padding, dilation, groups); padding may be 'same' or 'valid'
    DEF(conv1d, {
          if (a.arg(4).IsString()) return a.ret(at::conv1d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.str(4), a.ints(5), a.i64(6)));
          return a.ret(at::conv1d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.ints(4), a.ints(5), a.i64(6)));
        }),
    DEF(conv2d, {
          if (a.arg(4).IsString()) return a.ret(at::conv2d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.str(4), a.ints(5), a.i64(6)));
          return a.ret(at::conv2d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.ints(4), a.ints(5), a.i64(6)));
        }),
    // (input, weight, bias?, stride, padding, outputPadding, groups, dilation)
    DEF(convTranspose2d,
        return a.ret(at::conv_transpose2d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.ints(4), a.ints(5), a.i64(6), a.ints(7)));),
    // (input, kernel, stride, padding, dilation, ceilMode)
    DEF(maxPool1d, return a.ret(at::max_pool1d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.b(5)));),
    DEF(maxPool2d, return a.ret(at::max_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.b(5)));),
    DEF(maxPool2dWithIndices, return a.ret(at::max_pool2d_with_indices(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.b(5)));),
    // (input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride?)
    DEF(avgPool1d, return a.ret(at::avg_pool1d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4), a.b(5)));),
    DEF(avgPool2d, return a.ret(at::avg_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4), a.b(5), a.optI64(6)));),
    DEF(adaptiveAvgPool1d, return a.ret(at::adaptive_avg_pool1d(a.t(0), a.ints(1)));),
    DEF(adaptiveAvgPool2d, return a.ret(at::adaptive_avg_pool2d(a.t(0), a.ints(1)));),
    DEF(adaptiveMaxPool2d, return a.ret(at::adaptive_max_pool2d(a.t(0), a.ints(1)));),
    DEF(interpolate, return a.ret(interpolate(a));),
    DEF(pad, return a.ret(at::pad(a.t(0), a.ints(1), a.str(2), a.optF(3)));),
    DEF(pixelShuffle, return a.ret(at::pixel_shuffle(a.t(0), a.i64(1)));),
    DEF(pixelUnshuffle, return a.ret(at::pixel_unshuffle(a.t(0), a.i64(1)));),
    DEF(unfold, return a.ret(at::im2col(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4)));),
    DEF(fold, return a.ret(at::col2im(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.ints(5)));),
    // (input, p, training)
    DEF(dropout, return a.ret(dropout(a, a.t(0), a.f(1), a.b(2), false, false, false));),
    DEF(dropout_, dropout(a, a.t(0), a.f(1), a.b(2), false, false, true); return a.none();),
    DEF(dropout2d, return a.ret(dropout(a, a.t(0), a.f(1), a.b(2), true, false, false));),
    DEF(alphaDropout, return a.ret(dropout(a, a.t(0), a.f(1), a.b(2), false, true, false));),
    // (input, runningMean?, runningVar?, weight?, bias?, training, momentum, eps)
    DEF(batchNorm, return a.ret(at::batch_norm(a.t(0), a.optT(3), a.optT(4), a.optT(1), a.optT(2), a.b(5), a.f(6), a.f(7), true));),
    // (input, normalizedShape, weight?, bias?, eps)
    DEF(layerNorm, return a.ret(at::layer_norm(a.t(0), a.ints(1), a.optT(2), a.optT(3), a.f(4), true));),
    DEF(rmsNorm, return a.ret(at::rms_norm(a.t(0), a.ints(1), a.optT(2), a.optF(3)));),
    // (input, numGroups, weight?, bias?, eps)
    DEF(groupNorm, return a.ret(at::group_norm(a.t(0), a.i64(1), a.optT(2), a.optT(3), a.f(4), true));),
    // (input, runningMean?, runningVar?, weight?, bias?, useInputStats, momentum, eps)
    DEF(instanceNorm, return a.ret(at::instance_norm(a.t(0), a.optT(3), a.optT(4), a.optT(1), a.optT(2), a.b(5), a.f(6), a.f(7), true));),
    // (weight, indices, paddingIdx, scaleGradByFreq)
    DEF(embedding, return a.ret(at::embedding(a.t(0), a.t(1), a.i64(2), a.b(3), false));),
    // (q, k, v, mask?, dropoutP, isCausal, scale?)
    // With dropout on the CPU, ATen draws the mask from the process-wide generator, which it takes as
    // no argument: that draw runs with this instance's generator state swapped in.
    DEF(scaledDotProductAttention, {
          auto run = [&] { return at::scaled_dot_product_attention(a.t(0), a.t(1), a.t(2), a.optT(3), a.f(4), a.b(5), a.optF(6)); };
          if (a.f(4) > 0 && a.t(0).is_cpu()) return a.ret(withInstanceGenerator(a.st, run));
          return a.ret(run());
        }),
    DEF(cosineSimilarity, return a.ret(at::cosine_similarity(a.t(0), a.t(1), a.i64(2), a.f(3)));),
    DEF(pairwiseDistance, return a.ret(at::pairwise_distance(a.t(0), a.t(1), a.f(2), a.f(3), a.b(4)));),

    // ---- losses: (input, target, ..., reduction)
    DEF(mseLoss, return a.ret(at::mse_loss(a.t(0), a.t(1), reduction(a, 2)));),
    DEF(l1Loss, return a.ret(at::l1_loss(a.t(0), a.t(1), reduction(a, 2)));),
    DEF(smoothL1Loss, return a.ret(at::smooth_l1_loss(a.t(0), a.t(1), reduction(a, 2), a.f(3)));),
    DEF(huberLoss, return a.ret(at::huber_loss(a.t(0), a.t(1), reduction(a, 2), a.f(3)));),
    // (input, target, weight?, reduction, ignoreIndex, labelSmoothing)
    DEF(crossEntropy, return a.ret(at::cross_entropy_loss(a.t(0), a.t(1), a.optT(2), reduction(a, 3), a.i64(4), a.f(5)));),
    // (input, target, weight?, reduction, ignoreIndex)
    DEF(nllLoss, return a.ret(at::nll_loss_nd(a.t(0), a.t(1), a.optT(2), reduction(a, 3), a.i64(4)));),
    // (input, target, weight?, reduction)
    DEF(binaryCrossEntropy, return a.ret(at::binary_cross_entropy(a.t(0), a.t(1), a.optT(2), reduction(a, 3)));),
    // (input, target, weight?, posWeight?, reduction)
    DEF(binaryCrossEntropyWithLogits,
        return a.ret(at::binary_cross_entropy_with_logits(a.t(0), a.t(1), a.optT(2), a.optT(3), reduction(a, 4)));),
    // (input, target, reduction, logTarget)
    DEF(klDiv, return a.ret(at::kl_div(a.t(0), a.t(1), reduction(a, 2), a.b(3)));),
    DEF(softMarginLoss, return a.ret(at::soft_margin_loss(a.t(0), a.t(1), reduction(a, 2)));),
    // (input1, input2, target, margin, reduction)
    DEF(marginRankingLoss, return a.ret(at::margin_ranking_loss(a.t(0), a.t(1), a.t(2), a.f(3), reduction(a, 4)));),
    DEF(cosineEmbeddingLoss, return a.ret(at::cosine_embedding_loss(a.t(0), a.t(1), a.t(2), a.f(3), reduction(a, 4)));),
};

void registerNn(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kNn);
}

}  // namespace torchts
