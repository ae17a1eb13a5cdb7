// swift-tools-version: 6.2
import PackageDescription

// Pong on Tickwire: a second game, written against Tickwire's public API as any outside
// developer's game would be. Depends on Tickwire by path.
let package = Package(
    name: "Pong",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Pong", targets: ["Pong"]),
        .executable(name: "pong-server", targets: ["pong-server"]),
    ],
    dependencies: [
        .package(name: "Tickwire", path: "../.."),
    ],
    targets: [
        .target(name: "Pong", dependencies: [.product(name: "TickwireGame", package: "Tickwire")]),
        .executableTarget(name: "pong-server", dependencies: [
            "Pong",
            .product(name: "TickwireServer", package: "Tickwire"),
            .product(name: "TickwireArena", package: "Tickwire"),
        ]),
        .testTarget(name: "PongTests", dependencies: [
            "Pong",
            .product(name: "TickwireServer", package: "Tickwire"),
            .product(name: "TickwireClient", package: "Tickwire"),
            .product(name: "TickwireArena", package: "Tickwire"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
