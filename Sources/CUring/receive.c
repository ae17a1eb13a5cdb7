// Receives on io_uring for a loop that waits in the ring: every readable socket's bytes
// come as completions of one multishot recv per socket, into buffers the ring provides, so
// a wakeup costs one io_uring_enter instead of an epoll_wait and a read per socket. Only
// the EventLoop module calls this.
#include "tw_uring.h"

#include <errno.h>
#include <liburing.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uv.h>

enum { buffer_group = 0 };
// Linux 6.12: a wait that gathers completions for a while before it returns with them.
#define TW_FEAT_MIN_TIMEOUT (1U << 15)

struct tw_receive_ring {
    struct io_uring ring;
    struct io_uring_buf_ring *buffers;
    size_t buffers_mapping;
    unsigned char *memory;
    unsigned buffer_count;
    unsigned buffer_size;
    int enabled;
    int can_gather;
};

// Exiting the ring also drops its registrations (unregistering is for the owner thread).
static void destroy(tw_receive_ring *r) {
    io_uring_queue_exit(&r->ring);
    if (r->buffers != NULL) munmap(r->buffers, r->buffers_mapping);
    free(r->memory);
    free(r);
}

// A single-issuer ring belongs to the thread that enables it: the first to submit, which
// is the thread that runs the loop, not necessarily the one that made it.
static int enable(tw_receive_ring *r) {
    if (r->enabled) return 0;
    // Debian's liburing 2.3 declares io_uring_enable_rings but does not export it.
    if (syscall(__NR_io_uring_register, r->ring.ring_fd, IORING_REGISTER_ENABLE_RINGS, NULL, 0) < 0) return -errno;
    r->enabled = 1;
    return 0;
}

static int submit(tw_receive_ring *r) {
    int status = enable(r);
    if (status < 0) return status;
    do { status = io_uring_submit(&r->ring); } while (status == -EINTR);
    return status;
}

tw_receive_ring *tw_receive_ring_create(unsigned entries, unsigned buffer_count, unsigned buffer_size) {
    tw_receive_ring *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    // The loop thread alone submits and reaps (SINGLE_ISSUER), and the kernel's part of a
    // receive runs when the loop asks for completions, not as an interrupt (DEFER_TASKRUN):
    // measured on the floor, the saving exists only this way. Kernels before 6.1 refuse it.
    struct io_uring_params params = {0};
    params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_R_DISABLED;
    params.flags |= IORING_SETUP_CQSIZE;
    params.cq_entries = entries * 8;
    int status = io_uring_queue_init_params(entries, &r->ring, &params);
    if (status < 0) {
        free(r);
        errno = -status;
        return NULL;
    }
    struct io_uring_probe *probe = io_uring_get_probe_ring(&r->ring);
    int usable = probe != NULL && io_uring_opcode_supported(probe, IORING_OP_RECV)
        && io_uring_opcode_supported(probe, IORING_OP_POLL_ADD) && io_uring_opcode_supported(probe, IORING_OP_ASYNC_CANCEL);
    if (probe != NULL) io_uring_free_probe(probe);
    // A provided-buffer ring: the kernel picks a free buffer for each receive.
    r->buffer_count = buffer_count;
    r->buffer_size = buffer_size;
    r->buffers_mapping = buffer_count * sizeof(struct io_uring_buf);
    void *mapping = usable ? mmap(NULL, r->buffers_mapping, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0) : MAP_FAILED;
    r->memory = usable ? malloc((size_t)buffer_count * buffer_size) : NULL;
    if (mapping == MAP_FAILED || r->memory == NULL) {
        if (mapping != MAP_FAILED) munmap(mapping, r->buffers_mapping);
        destroy(r);
        errno = usable ? ENOMEM : EOPNOTSUPP;
        return NULL;
    }
    struct io_uring_buf_reg registration = {
        .ring_addr = (unsigned long)mapping, .ring_entries = buffer_count, .bgid = buffer_group,
    };
    status = io_uring_register_buf_ring(&r->ring, &registration, 0);
    if (status < 0) {
        munmap(mapping, r->buffers_mapping);
        destroy(r);
        errno = -status;
        return NULL;
    }
    r->buffers = mapping;
    r->can_gather = (params.features & TW_FEAT_MIN_TIMEOUT) != 0;
    io_uring_buf_ring_init(r->buffers);
    for (unsigned id = 0; id < buffer_count; id++) {
        io_uring_buf_ring_add(r->buffers, r->memory + (size_t)id * buffer_size, buffer_size, id,
                              io_uring_buf_ring_mask(buffer_count), id);
    }
    io_uring_buf_ring_advance(r->buffers, buffer_count);
    return r;
}

void tw_receive_ring_destroy(tw_receive_ring *r) {
    if (r != NULL) destroy(r);
}

// A free submission entry, submitting what is queued when the queue is full.
static struct io_uring_sqe *entry(tw_receive_ring *r) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&r->ring);
    if (sqe == NULL && submit(r) >= 0) sqe = io_uring_get_sqe(&r->ring);
    return sqe;
}

int tw_receive_ring_receive(tw_receive_ring *r, int fd, uint64_t tag) {
    struct io_uring_sqe *sqe = entry(r);
    if (sqe == NULL) return -EBUSY;
    io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = buffer_group;
    io_uring_sqe_set_data64(sqe, tag);
    return 0;
}

int tw_receive_ring_watch(tw_receive_ring *r, int fd, uint64_t tag) {
    struct io_uring_sqe *sqe = entry(r);
    if (sqe == NULL) return -EBUSY;
    io_uring_prep_poll_add(sqe, fd, POLLIN);
    io_uring_sqe_set_data64(sqe, tag);
    return 0;
}

int tw_receive_ring_cancel(tw_receive_ring *r, uint64_t tag, uint64_t cancel_tag) {
    struct io_uring_sqe *sqe = entry(r);
    if (sqe == NULL) return -EBUSY;
    io_uring_prep_cancel64(sqe, tag, 0);
    io_uring_sqe_set_data64(sqe, cancel_tag);
    // Now, so that it matches this request before the tag can be used again; the request
    // ends (and lets its socket go) at the loop's next wait. A failed submission leaves the
    // entry queued for that wait.
    submit(r);
    return 0;
}

int tw_receive_ring_can_gather(const tw_receive_ring *r) { return r->can_gather; }

int tw_receive_ring_wait(tw_receive_ring *r, int timeout_milliseconds, unsigned gather_microseconds) {
    int status = enable(r);
    if (status < 0) return status;
    if (timeout_milliseconds < 0) {
        // Without a timeout the kernel would end a gathering wait after the gather time
        // even with nothing to hand over: wait for the first completion.
        status = io_uring_submit_and_wait(&r->ring, 1);
        return status < 0 && status != -EINTR ? status : 0;
    }
    struct __kernel_timespec timeout = {
        .tv_sec = timeout_milliseconds / 1000, .tv_nsec = (long long)(timeout_milliseconds % 1000) * 1000000,
    };
    // The kernel waits out the gather time even past the timeout: never gather longer.
    if ((uint64_t)gather_microseconds > (uint64_t)timeout_milliseconds * 1000) {
        gather_microseconds = (unsigned)timeout_milliseconds * 1000;
    }
    if (gather_microseconds == 0 || !r->can_gather) {
        struct io_uring_cqe *cqe;
        status = io_uring_submit_and_wait_timeout(&r->ring, &cqe, 1, &timeout, NULL);
    } else {
        status = submit(r);
        if (status < 0) return status;
        // Asks for a full completion queue, so the kernel does not wake the loop for each
        // receive: it returns once the gather time has passed with at least one completion
        // (with none by then, at the first), or at the timeout.
        struct io_uring_getevents_arg arg = {
            .pad = gather_microseconds,  // min_wait_usec since 6.12
            .ts = timeout_milliseconds < 0 ? 0 : (uint64_t)(uintptr_t)&timeout,
        };
        status = (int)syscall(__NR_io_uring_enter, r->ring.ring_fd, 0, r->ring.cq.ring_entries,
                              IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg, sizeof arg);
        if (status < 0) status = -errno;
    }
    if (status == -ETIME || status == -EINTR) return 0;
    return status < 0 ? status : 0;
}

int tw_receive_ring_next(tw_receive_ring *r, struct tw_completion *completion) {
    struct io_uring_cqe *cqe;
    if (io_uring_peek_cqe(&r->ring, &cqe) != 0 || cqe == NULL) return 0;
    completion->tag = io_uring_cqe_get_data64(cqe);
    completion->result = cqe->res;
    completion->more = (cqe->flags & IORING_CQE_F_MORE) != 0;
    if (cqe->flags & IORING_CQE_F_BUFFER) {
        unsigned id = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
        completion->buffer = (int)id;
        completion->bytes = r->memory + (size_t)id * r->buffer_size;
    } else {
        completion->buffer = -1;
        completion->bytes = NULL;
    }
    io_uring_cqe_seen(&r->ring, cqe);
    return 1;
}

void tw_receive_ring_recycle(tw_receive_ring *r, int buffer) {
    io_uring_buf_ring_add(r->buffers, r->memory + (size_t)buffer * r->buffer_size, r->buffer_size,
                          (unsigned short)buffer, io_uring_buf_ring_mask(r->buffer_count), 0);
    io_uring_buf_ring_advance(r->buffers, 1);
}

int tw_loop_has_pending_watchers(const void *loop) {
    // libuv applies watcher changes (a write waiting for room, say) inside its next poll; a
    // loop that waits elsewhere must run that poll first. The queue is empty when its head
    // points at itself (as both libuv's old QUEUE and its uv__queue are laid out).
    void *const *head = (void *const *)&((const uv_loop_t *)loop)->watcher_queue;
    return head[0] != (const void *)head;
}
