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

/// A ring with room for `entries` sends per submission; NULL when the kernel refuses
/// io_uring (old kernel, seccomp, `kernel.io_uring_disabled`), with errno set.
tw_uring *tw_uring_create(unsigned entries);

void tw_uring_destroy(tw_uring *ring);

/// Sends every buffer on its socket without blocking (MSG_DONTWAIT | MSG_NOSIGNAL), as few
/// submissions as the ring allows, and waits for each completion: `results[i]` is the byte
/// count sent or -errno (-EAGAIN when the socket buffer is full). Returns 0, or -errno
/// when the ring itself failed (then no result is meaningful).
int tw_uring_send_all(tw_uring *ring, const struct tw_send *sends, unsigned count, int *results);

#endif
