import CLibUV
@testable import EventLoop

extension TCPStream {
    /// Shrinks the kernel's socket buffers (Linux doubles the value and applies a floor),
    /// so a reader that stops reading fills them in a moment instead of megabytes later.
    func shrinkKernelBuffers(send: Int32? = nil, receive: Int32? = nil) {
        if var value = send { _ = uv_send_buffer_size(asHandle(handle), &value) }
        if var value = receive { _ = uv_recv_buffer_size(asHandle(handle), &value) }
    }
}
