import EventLoop

extension TCPStream {
    /// Shrinks the kernel's socket buffers so a reader that stops reading fills them in a
    /// moment instead of megabytes later.
    func shrinkKernelBuffers(send: Int32? = nil, receive: Int32? = nil) {
        setKernelBufferSizes(send: send, receive: receive)
    }
}
