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
    // One thread submits and reaps: the kernel can skip the task work interrupts.
    int status = io_uring_queue_init(entries, &uring->ring, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN);
    if (status == -EINVAL) status = io_uring_queue_init(entries, &uring->ring, 0);  // an older kernel
    if (status < 0) {
        free(uring);
        errno = -status;
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

int tw_uring_send_all(tw_uring *uring, const struct tw_send *sends, unsigned count, int *results) {
    unsigned done = 0;
    while (done < count) {
        unsigned batch = count - done < uring->entries ? count - done : uring->entries;
        for (unsigned i = 0; i < batch; i++) {
            struct io_uring_sqe *sqe = io_uring_get_sqe(&uring->ring);
            if (sqe == NULL) return -EBUSY;  // cannot happen: the queue is empty between batches
            const struct tw_send *send = &sends[done + i];
            io_uring_prep_send(sqe, send->fd, send->base, send->length, MSG_DONTWAIT | MSG_NOSIGNAL);
            io_uring_sqe_set_data64(sqe, done + i);
        }
        int submitted = io_uring_submit_and_wait(&uring->ring, batch);
        if (submitted < 0) return submitted;
        unsigned reaped = 0;
        while (reaped < batch) {
            struct io_uring_cqe *cqe;
            int status = io_uring_wait_cqe(&uring->ring, &cqe);
            if (status < 0) return status;
            results[io_uring_cqe_get_data64(cqe)] = cqe->res;
            io_uring_cqe_seen(&uring->ring, cqe);
            reaped++;
        }
        done += batch;
    }
    return 0;
}
