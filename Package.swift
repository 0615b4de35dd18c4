// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: the toolchain, Glibc, Dispatch and the system's
// libsqlite3 (through the CSystem module map) are all the service is built from.
let package = Package(
    name: "redress",
    products: [
        .executable(name: "redress", targets: ["redress"]),
    ],
    targets: [
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        .target(name: "JSON", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Locking", dependencies: ["CSystem"]),
        .target(name: "HTTP", dependencies: ["CSystem", "JSON", "Locking"]),
        .target(name: "SQLite", dependencies: ["CSystem"]),
        .target(name: "Outbound", dependencies: ["CSystem"]),
        .target(name: "RedressDomain", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "RedressStore", dependencies: ["CSystem", "SQLite", "RedressDomain", "JSON", "Locking"]),
        .target(name: "RedressCasework", dependencies: ["JSON", "RedressDomain", "RedressStore", "SQLite"]),
        .target(
            name: "RedressAPI",
            dependencies: [
                "CSystem", "HTTP", "JSON", "Locking", "Outbound", "RedressDomain", "RedressStore", "RedressCasework",
            ],
            plugins: ["EmbedOpenAPI"]
        ),
        .executableTarget(name: "redress", dependencies: ["RedressAPI"]),
        .executableTarget(name: "embed-text"),
        .plugin(name: "EmbedOpenAPI", capability: .buildTool(), dependencies: ["embed-text"]),
        .executableTarget(name: "redress-bench", dependencies: ["RedressDomain", "RedressStore", "SQLite"]),

        .target(name: "TestClient", dependencies: ["CSystem"], path: "Tests/TestClient"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "LockingTests", dependencies: ["Locking", "TestClient"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestClient"]),
        .testTarget(name: "RedressDomainTests", dependencies: ["RedressDomain"]),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound", "TestClient"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "CSystem", "TestClient"]),
        .testTarget(name: "RedressStoreTests", dependencies: ["RedressStore", "SQLite", "TestClient"]),
        .testTarget(
            name: "RedressCaseworkTests",
            dependencies: ["RedressCasework", "RedressDomain", "RedressStore", "SQLite", "TestClient"]),
        .testTarget(
            name: "RedressAPITests",
            dependencies: [
                "RedressAPI", "RedressCasework", "HTTP", "JSON", "Outbound", "RedressDomain", "RedressStore",
                "TestClient",
            ]),
    ]
)
