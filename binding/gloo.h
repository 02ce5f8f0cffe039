// c10d::ProcessGroupGloo as torchts declares it. libtorch_cpu contains and exports PyTorch's Gloo
// backend, but PyPI's torch ships neither gloo's headers nor a usable ProcessGroupGloo.hpp, which
// includes them. So this file declares the class again: the base (c10d::Backend, from libtorch's own
// header), the few members torchts calls (all defined in libtorch_cpu), and every data member with a
// type of the same size and alignment as the real one, in the same order (ProcessGroupGloo.hpp of
// PyTorch 2.11, its `protected:` section). Gloo's own types appear only behind pointers, so they
// stay incomplete.
//
// Only the real constructor and destructor ever run on such an object, and it is used through
// Backend's virtual interface, so the declaration has to agree with the real class in one thing: its
// size (operator new is ours, the constructor is libtorch's). Two guards stand behind that:
//  - allocation adds slack (kGlooSlack bytes), so a libtorch whose class grew a few members still
//    constructs into memory it owns;
//  - after construction, makeGlooBackend (distributed.cpp) reads members the constructor has just set
//    from both ends of the layout (options_, threads_, pgStatus_) and the backend's name, and refuses
//    the object, naming the libtorch version, if any of them is not what it must be.
#pragma once
#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/logger.hpp>
#include <condition_variable>
#include <deque>
#include <thread>

namespace gloo {
class Context;
namespace rendezvous {
class Store;
}
namespace transport {
class Device;
}
}  // namespace gloo

namespace torchts {
constexpr size_t kGlooSlack = 1024;
}

namespace c10d {

class ProcessGroupGloo : public Backend {
 public:
  // Only held by pointer in the queues below; never touched here.
  class AsyncWork;

  struct Options : public Backend::Options {
    explicit Options(std::chrono::milliseconds timeout);
    // A device from GLOO_SOCKET_IFNAME or GLOO_DEVICE_TRANSPORT, else the host's default address,
    // and two threads per device: what Python's ProcessGroupGloo(store, rank, size, timeout) uses.
    static c10::intrusive_ptr<Options> create_default(std::chrono::milliseconds timeout);

    std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
    int threads{2};
  };

  static std::shared_ptr<::gloo::transport::Device> createDeviceForHostname(const std::string& hostname, bool lazyInit);

  explicit ProcessGroupGloo(const c10::intrusive_ptr<Store>& store, int rank, int size, c10::intrusive_ptr<Options> options);
  ~ProcessGroupGloo() override;

  static void* operator new(std::size_t bytes) { return ::operator new(bytes + torchts::kGlooSlack); }
  // The real deleting destructor frees the object with the global operator delete; this one only
  // serves a constructor that throws.
  static void operator delete(void* p) { ::operator delete(p); }

  // The data members, as in ProcessGroupGloo.hpp.
  std::shared_ptr<::gloo::rendezvous::Store> store_;
  const c10::intrusive_ptr<Options> options_;
  std::vector<std::shared_ptr<::gloo::Context>> contexts_;
  std::vector<std::thread> threads_;
  bool stop_{false};
  uint32_t collectiveCounter_{0};
  std::deque<c10::intrusive_ptr<AsyncWork>> workQueue_;
  std::vector<c10::intrusive_ptr<AsyncWork>> workInProgress_;
  std::mutex workMutex_;
  std::condition_variable workProduceCV_;
  std::condition_variable workConsumeCV_;
  uint64_t seq_{0};
  size_t local_id_;
  std::shared_ptr<ProcessGroupStatus> pgStatus_;
};

}  // namespace c10d
