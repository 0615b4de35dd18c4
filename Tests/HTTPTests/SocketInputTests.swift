import Glibc
import Testing
@testable import HTTP

/// A connection is closed to make room only when idle: one whose request still waits unread in
/// its socket is not, although the loop has not read it yet.
@Suite struct SocketInputTests {
    @Test func unreadBytesAreSeenWithoutBeingConsumedAndAClosedPeerIsNotInput() throws {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        #expect(!Socket.hasUnreadInput(ends[0]))
        var byte = UInt8(ascii: "G")
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(Socket.hasUnreadInput(ends[0]))
        // Looking consumed nothing: the byte is still there to read.
        #expect(Socket.hasUnreadInput(ends[0]))
        var read: UInt8 = 0
        #expect(recv(ends[0], &read, 1, 0) == 1 && read == byte)
        #expect(!Socket.hasUnreadInput(ends[0]))
        close(ends[1])
        #expect(!Socket.hasUnreadInput(ends[0]))
    }
}
