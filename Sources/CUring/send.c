// Batched sends on io_uring: one system call submits a whole tick's snapshot sends, where
// the epoll path makes one writev per client. Only the EventLoop module calls this.
#include "tw_uring.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <sys/socket.h>

struct tw_uring {
    struct io_uring ring;
    unsigned entries;
};

tw_uring *tw_uring_create(unsigned entries) {
    tw_uring *uring = calloc(1, sizeof *uring);
    if (uring == NULL) return NULL;
    // Newest setup first: SUBMIT_ALL keeps a submission going past a failed entry (5.18),
    // COOP_TASKRUN spares the loop thread interrupts (5.19); older kernels take neither.
    const unsigned setups[] = {IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0};
    int status = -EINVAL;
    for (unsigned i = 0; i < sizeof setups / sizeof setups[0] && status == -EINVAL; i++) {
        status = io_uring_queue_init(entries, &uring->ring, setups[i]);
    }
    if (status < 0) {
        free(uring);
        errno = -status;
        return NULL;
    }
    // A ring is no use without the send operation (kernels before 5.6, some sandboxes).
    struct io_uring_probe *probe = io_uring_get_probe_ring(&uring->ring);
    int canSend = probe != NULL && io_uring_opcode_supported(probe, IORING_OP_SEND);
    if (probe != NULL) io_uring_free_probe(probe);
    if (!canSend) {
        io_uring_queue_exit(&uring->ring);
        free(uring);
        errno = EOPNOTSUPP;
        return NULL;
    }
    uring->entries = entries;
    return uring;
}

void tw_uring_destroy(tw_uring *uring) {
    if (uring == NULL) return;
    io_uring_queue_exit(&uring->ring);
    free(uring);
}

// Reads exactly `expected` completions into `results` (by the index in user_data).
static int reap(tw_uring *uring, unsigned expected, int *results) {
    for (unsigned reaped = 0; reaped < expected;) {
        struct io_uring_cqe *cqe;
        int status = io_uring_wait_cqe(&uring->ring, &cqe);
        if (status == -EINTR) continue;
        if (status < 0) return status;
        results[io_uring_cqe_get_data64(cqe)] = cqe->res;
        io_uring_cqe_seen(&uring->ring, cqe);
        reaped++;
    }
    return 0;
}

int tw_uring_send_all(tw_uring *uring, const struct tw_send *sends, unsigned count, int *results) {
    // A send without a completion read is reported as not sent.
    for (unsigned i = 0; i < count; i++) results[i] = -EAGAIN;
    unsigned next = 0;
    while (next < count) {
        unsigned prepared = 0;
        while (next < count && prepared < uring->entries) {
            const struct tw_send *send = &sends[next];
            if (send->fd >= 0) {
                struct io_uring_sqe *sqe = io_uring_get_sqe(&uring->ring);
                if (sqe == NULL) break;  // full: submit these first (the queue is empty between rounds)
                io_uring_prep_send(sqe, send->fd, send->base, send->length, MSG_DONTWAIT | MSG_NOSIGNAL);
                io_uring_sqe_set_data64(sqe, next);
                prepared++;
            }
            next++;
        }
        // Without SUBMIT_ALL an older kernel stops a submission at a failed entry: submit
        // the rest before waiting, and wait only for what was submitted.
        unsigned submitted = 0;
        int failure = 0;
        while (submitted < prepared) {
            int status = io_uring_submit(&uring->ring);
            if (status == -EINTR) continue;
            if (status <= 0) {
                failure = status < 0 ? status : -EIO;
                break;
            }
            submitted += (unsigned)status;
        }
        // What was submitted is the kernel's: its results are read even when the rest could
        // not be submitted, or bytes already sent would be reported unsent and sent again.
        int status = reap(uring, submitted, results);
        if (failure < 0) return failure;
        if (status < 0) return status;
    }
    return 0;
}
