#ifndef TICKWIRE_URING_H
#define TICKWIRE_URING_H
#include <stddef.h>

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

#endif
