// swift-tools-version: 6.2
import PackageDescription

// Modules, lowest first; each imports only modules above it (see docs/ARCHITECTURE.md).
let package = Package(
    name: "Tickwire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tickwire", targets: ["tickwire"]),
        .executable(name: "tickwire-floor", targets: ["tickwire-floor"]),
        // The public API: write a game, serve it, play it from Swift.
        .library(name: "TickwireGame", targets: ["TickwireGame"]),
        .library(name: "TickwireServer", targets: ["TickwireServer"]),
        .library(name: "TickwireClient", targets: ["TickwireClient"]),
        .library(name: "TickwireArena", targets: ["TickwireArena"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.1.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.1.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),

        // hiredis (Debian libhiredis-dev) with its libuv adapter, compiled once in C.
        .target(name: "CHiredis", linkerSettings: [.linkedLibrary("hiredis")]),
        // liburing (Debian liburing-dev): a whole tick's sends in one submission.
        .target(name: "CUring", linkerSettings: [.linkedLibrary("uring")]),
        .target(name: "EventLoop", dependencies: ["CLibUV", "COpenSSL", "CHiredis", "CUring"]),
        .target(name: "WebSocket", dependencies: [
            "EventLoop",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Wire", dependencies: ["GameCore"]),
        .target(name: "GameCore"),
        .target(name: "Arena", dependencies: ["GameCore"]),
        .target(name: "Replication", dependencies: ["GameCore", "Wire"]),
        .target(name: "Replay", dependencies: ["GameCore", "Wire"]),
        .target(name: "Auth", dependencies: [.product(name: "JWTKit", package: "jwt-kit")]),
        .target(name: "Server", dependencies: [
            "EventLoop", "WebSocket", "Wire", "GameCore", "Replication", "Replay", "Auth",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Client", dependencies: [
            "EventLoop", "WebSocket", "Wire", "GameCore", "Replication",
        ]),
        .target(name: "Bots", dependencies: [
            "Client", "Arena",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .target(name: "Spectator", dependencies: ["Client", "Arena", "Replay", "CNcurses"]),
        // One module per library product, re-exporting what its users need.
        .target(name: "TickwireGame", dependencies: ["GameCore"]),
        .target(name: "TickwireServer", dependencies: ["Server", "EventLoop", "GameCore", "Wire"]),
        .target(name: "TickwireClient", dependencies: ["Client", "EventLoop", "GameCore", "Wire"]),
        .target(name: "TickwireArena", dependencies: ["Arena"]),
        .executableTarget(name: "tickwire", dependencies: [
            "Server", "Client", "Bots", "Spectator", "Replay", "WebSocket", "EventLoop", "Arena", "GameCore", "Auth",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The bench's floor: the same traffic on bare epoll, in C (Sources/Floor/floor.c).
        .executableTarget(name: "tickwire-floor", path: "Sources/Floor"),
        .executableTarget(name: "TickwireBench", dependencies: [
            "EventLoop", "WebSocket", "Wire", "GameCore", "Arena", "Replication", "Client", "TestSupport",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers shared by the test targets (not shipped).
        .target(name: "TestSupport", dependencies: ["GameCore"], path: "Tests/Support"),
        // A library target (test targets cannot be depended on), so every build compiles it.
        .target(name: "TestThreads", path: "Tests/Threads"),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop", "TestThreads"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "EventLoop", "TestSupport", "TestThreads"]),
        .testTarget(name: "WireTests", dependencies: [
            "Wire", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ArenaTests", dependencies: ["Arena", "GameCore", "TestSupport"]),
        .testTarget(name: "ReplicationTests", dependencies: [
            "Replication", "GameCore", "Wire", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Arena", "GameCore", "Wire", "TestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["TestThreads"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Client", "WebSocket", "EventLoop", "Wire", "GameCore", "Arena", "Replication", "Bots", "Spectator", "Auth", "TestSupport", "TestThreads",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// Release builds leave out the run-time exclusivity checks (a swift_beginAccess call on
// class property accesses in the tick, send and receive paths; debug builds, and so every
// test run, keep them) and inline across modules (server user time -15% at 1,000 players).
// SwiftPM's incremental build does not follow cross-module inlining: `make release`
// compiles every module again after a source change.
for target in package.targets where target.type != .system && !["CHiredis", "CUring", "tickwire-floor"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release)),
    ]
}
