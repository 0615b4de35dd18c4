internal import CSystem
import Glibc
import Synchronization

/// What TLS connections share: the protocol floor (TLS 1.2), the certificate authorities trusted
/// (the system's store, and an extra PEM file when given), and peer verification on.
final class TLSContext: @unchecked Sendable {
    // An SSL_CTX may be shared by threads once set up (https://docs.openssl.org/3.0/man7/openssl-threads/).
    let handle: OpaquePointer

    init(trusting extraAuthorities: String?) throws(OutboundError) {
        guard let handle = SSL_CTX_new(TLS_client_method()) else {
            throw OutboundError(.connection, "cannot set up TLS: \(TLSContext.lastError())")
        }
        self.handle = handle
        SSL_CTX_set_verify(handle, SSL_VERIFY_PEER, nil)
        guard csystem_ssl_ctx_require_tls12(handle) == 1, SSL_CTX_set_default_verify_paths(handle) == 1 else {
            throw OutboundError(.connection, "cannot set up TLS: \(TLSContext.lastError())")
        }
        csystem_ssl_ctx_ignore_unexpected_eof(handle)
        if let extraAuthorities, SSL_CTX_load_verify_locations(handle, extraAuthorities, nil) != 1 {
            throw OutboundError(
                .connection, "cannot read the certificate authorities in \(extraAuthorities): \(TLSContext.lastError())"
            )
        }
    }

    deinit { SSL_CTX_free(handle) }

    /// The oldest error on this thread's OpenSSL error queue, in words, and the queue emptied.
    static func lastError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A TLS session over a connected `ClientSocket`: the handshake sends the host name (SNI, for a
/// name) and checks the certificate against the trusted authorities and against the host, a name
/// or an IP address; reads and writes wait within the same deadline as the socket's.
final class TLSStream: Transport {
    private let socket: ClientSocket
    private let ssl: OpaquePointer
    var peer: String { socket.peer }

    init(
        over socket: ClientSocket, context: TLSContext, host: String, isAddress: Bool, deadline: ContinuousClock.Instant
    )
        throws(OutboundError)
    {
        guard let ssl = SSL_new(context.handle) else {
            throw OutboundError(.connection, "cannot start TLS: \(TLSContext.lastError())")
        }
        self.socket = socket
        self.ssl = ssl
        SSL_set_fd(ssl, socket.descriptor)
        if isAddress {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = csystem_ssl_set_server_name(ssl, host)
            SSL_set1_host(ssl, host)
        }
        while true {
            let result = SSL_connect(ssl)
            if result == 1 { return }
            let verified = SSL_get_verify_result(ssl)
            if verified != Int(X509_V_OK) {
                ERR_clear_error()
                throw OutboundError(
                    .tls,
                    "the certificate of \(peer) was refused: \(String(cString: X509_verify_cert_error_string(verified)))"
                )
            }
            try wait(after: result, doing: "the TLS handshake with \(peer)", until: deadline)
        }
    }

    deinit { SSL_free(ssl) }

    func write(_ bytes: [UInt8], before deadline: ContinuousClock.Instant) throws(OutboundError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32($0.count - offset)) }
            if written > 0 {
                offset += Int(written)
                continue
            }
            try wait(after: written, doing: "sending the request", until: deadline)
        }
    }

    func read(upTo count: Int, before deadline: ContinuousClock.Instant) throws(OutboundError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let received = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if received > 0 { return Array(buffer[..<Int(received)]) }
            let error = SSL_get_error(ssl, received)
            if error == SSL_ERROR_ZERO_RETURN { return [] }
            try wait(after: received, doing: "waiting for the response", until: deadline)
        }
    }

    /// Waits for what OpenSSL wants after a call that returned `result`, or throws its failure.
    private func wait(
        after result: Int32, doing what: String, until deadline: ContinuousClock.Instant
    )
        throws(OutboundError)
    {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), until: deadline, doing: what)
        case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), until: deadline, doing: what)
        default: throw OutboundError(.tls, "TLS failed \(what): \(TLSContext.lastError())")
        }
    }
}
