#ifndef TICKWIRE_URING_H
#define TICKWIRE_URING_H
#include <stddef.h>
#include <stdint.h>

/// One send of a batch: `length` bytes at `base` on socket `fd`.
struct tw_send {
    int fd;
    const void *base;
    size_t length;
};

/// An io_uring instance for batched sends (liburing, Debian liburing-dev).
typedef struct tw_uring tw_uring;

/// A ring with room for `entries` sends per submission; NULL, with errno set, when the
/// kernel refuses io_uring (old kernel, seccomp, `kernel.io_uring_disabled`) or its send.
/// Any thread may use it, one at a time.
tw_uring *tw_uring_create(unsigned entries);

void tw_uring_destroy(tw_uring *ring);

/// Sends every buffer on its socket without blocking (MSG_DONTWAIT | MSG_NOSIGNAL), in as
/// few submissions as the ring allows, and reads each completion: `results[i]` is the byte
/// count sent or -errno (-EAGAIN when the socket buffer is full). A send with `fd` < 0 is
/// skipped. Returns 0, or -errno when the ring itself failed: the results read so far are
/// still true, every other one is -EAGAIN, and the ring must be destroyed (it may hold
/// entries it never submitted).
int tw_uring_send_all(tw_uring *ring, const struct tw_send *sends, unsigned count, int *results);

/// A ring that a loop waits in, with multishot receives into buffers it provides.
typedef struct tw_receive_ring tw_receive_ring;

/// What one completion says: the request's `tag`, its result (bytes received, 0 at the
/// peer's end, -errno), whether more completions of the request follow, and the buffer
/// holding the bytes (-1 and NULL when none); the buffer is lent until recycled.
struct tw_completion {
    uint64_t tag;
    int32_t result;
    int32_t more;
    int32_t buffer;
    void *bytes;
};

/// A ring of `entries` submissions and `buffer_count` receive buffers of `buffer_size`
/// bytes (`buffer_count` a power of two); NULL, with errno set, when the kernel cannot
/// (before 6.1, seccomp, `kernel.io_uring_disabled`). It belongs to the first thread that
/// submits to it (the loop's); no other may use it after.
tw_receive_ring *tw_receive_ring_create(unsigned entries, unsigned buffer_count, unsigned buffer_size);
void tw_receive_ring_destroy(tw_receive_ring *ring);
/// Queues a multishot receive on socket `fd`: completions tagged `tag` until it ends.
int tw_receive_ring_receive(tw_receive_ring *ring, int fd, uint64_t tag);
/// Queues a one-shot wait for `fd` to be readable: one completion tagged `tag`.
int tw_receive_ring_watch(tw_receive_ring *ring, int fd, uint64_t tag);
/// Cancels the request tagged `tag` and submits at once; the cancel's own completion is
/// tagged `cancel_tag`, the request ends with a completion of its own. -EBUSY when the
/// ring had no room for the cancel (ask again).
int tw_receive_ring_cancel(tw_receive_ring *ring, uint64_t tag, uint64_t cancel_tag);
/// Whether the kernel can gather completions in a wait (Linux 6.12).
int tw_receive_ring_can_gather(const tw_receive_ring *ring);
/// Submits what is queued and waits for a completion, at most `timeout_milliseconds` (< 0:
/// no limit). With `gather_microseconds` and a timeout (where the kernel can), a wait that
/// has begun returns only after that long (at most the timeout), with every completion
/// that came meanwhile, or at the first completion after it. 0, or -errno.
int tw_receive_ring_wait(tw_receive_ring *ring, int timeout_milliseconds, unsigned gather_microseconds);
/// 1 and the next completion, or 0 when none is ready.
int tw_receive_ring_next(tw_receive_ring *ring, struct tw_completion *completion);
/// Gives a completion's buffer back to the kernel.
void tw_receive_ring_recycle(tw_receive_ring *ring, int buffer);
/// Whether the libuv loop (a `uv_loop_t *`) has watcher changes its next poll would apply.
int tw_loop_has_pending_watchers(const void *loop);

#endif
