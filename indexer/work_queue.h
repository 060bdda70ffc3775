// A fixed pool of worker threads, each with its own state (an Analyser:
// Xapian's stemmers are not thread-safe), running tasks that hand back a
// future. The indexer keeps a bounded window of futures and consumes them
// in order, so memory stays flat and documents are written deterministically.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace knipsel {

template <class State>
class WorkQueue {
public:
    // One worker per state object.
    explicit WorkQueue(std::vector<std::unique_ptr<State>> states) : states_(std::move(states)) {
        for (std::size_t i = 0; i < states_.size(); ++i) threads_.emplace_back([this, i] { work(*states_[i]); });
    }
    ~WorkQueue() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& t : threads_) t.join();
    }
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    template <class F>
    auto submit(F&& f) -> std::future<decltype(f(std::declval<State&>()))> {
        using R = decltype(f(std::declval<State&>()));
        auto task = std::make_shared<std::packaged_task<R(State&)>>(std::forward<F>(f));
        auto future = task->get_future();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            tasks_.emplace_back([task](State& s) { (*task)(s); });
        }
        ready_.notify_one();
        return future;
    }

private:
    void work(State& state) {
        for (;;) {
            std::function<void(State&)> task;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
                if (tasks_.empty()) return;
                task = std::move(tasks_.front());
                tasks_.pop_front();
            }
            task(state);
        }
    }

    std::vector<std::unique_ptr<State>> states_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void(State&)>> tasks_;
    bool stopping_ = false;
};

}  // namespace knipsel
