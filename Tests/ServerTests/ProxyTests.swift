import EventLoop
import Foundation
import TestThreads
import Testing
import TestSupport
@testable import Server

/// docs/nginx/tickwire.conf, run as written (only its ports and certificate paths
/// swapped for the test's): nginx ends TLS and Tickwire, started with --trusted-proxy,
/// serves the players behind it.
@Suite(.serialized, .ownThread) struct ProxyTests {
    @Test(.timeLimit(.minutes(2)))
    func theDocumentedNginxConfigCarriesWssToThePlainServer() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "nginx is missing: make deps installs it")
        let certificate = try TestCertificate.make(commonName: "proxy")
        defer { certificate.remove() }
        let loop = try EventLoop()
        let tickwirePort = try ShutdownTests.freePort(loop)
        let nginxPort = try ShutdownTests.freePort(loop)

        let documented = try String(contentsOfFile: repositoryRoot + "/docs/nginx/tickwire.conf", encoding: .utf8)
        let swaps = [
            ("server 127.0.0.1:7777;", "server 127.0.0.1:\(tickwirePort);"),
            ("listen 443 ssl;", "listen 127.0.0.1:\(nginxPort) ssl;"),
            ("/etc/letsencrypt/live/game.example/fullchain.pem", certificate.certificateFile),
            ("/etc/letsencrypt/live/game.example/privkey.pem", certificate.keyFile),
        ]
        var site = documented
        for (from, to) in swaps {
            try #require(site.contains(from), "docs/nginx/tickwire.conf no longer says \(from)")
            site = site.replacingOccurrences(of: from, with: to)
        }
        let prefix = certificate.directory
        try site.write(toFile: prefix + "/site.conf", atomically: true, encoding: .utf8)
        try """
            daemon off;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/error.log;
            events {}
            http {
                access_log off;
                client_body_temp_path \(prefix)/body;
                proxy_temp_path \(prefix)/proxy;
                include \(prefix)/site.conf;
            }
            """.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)

        let server = try TLSServeTests.Child(ShutdownTests.binary, [
            "serve", "--host", "127.0.0.1", "--port", "\(tickwirePort)", "--maps", bundledMapsDirectory, "--trusted-proxy",
            "--max-connections-per-address", "2"])
        defer { server.stop() }
        let nginx = try TLSServeTests.Child("/usr/sbin/nginx", ["-p", prefix, "-c", prefix + "/nginx.conf", "-e", prefix + "/error.log"])
        defer { nginx.stop(signal: SIGTERM) }
        #expect(runUntil(loop, seconds: 20) { server.output.contains("listening on") })

        let python = ["/usr/bin/python3", repositoryRoot + "/Tests/Clients/tls_player.py", "wss://127.0.0.1:\(nginxPort)/",
                      "--ca", certificate.certificateFile]
        var played: (Int32, String) = (-1, "")
        // nginx may still be starting: a refused connection exits 2, so try again.
        for _ in 0..<20 {
            played = try TLSServeTests().finish(loop, python[0], Array(python.dropFirst()))
            if played.0 != 2 || !played.1.contains("Connect call failed") { break }
            _ = runUntil(loop, seconds: 0.2) { false }
        }
        #expect(played.0 == 0, "\(played.1)\nnginx: \(nginx.output)")
        #expect(played.1.contains("snapshots over TLS from CN=proxy"), "\(played.1)")

        // Three bots through the proxy, all from 127.0.0.1: Tickwire sees the address nginx
        // appends to X-Forwarded-For, and its per-address limit of 2 refuses the third.
        let (_, botOutput) = try TLSServeTests().finish(loop, ShutdownTests.binary, [
            "bot", "--url", "wss://127.0.0.1:\(nginxPort)", "--ca", certificate.certificateFile, "--count", "3",
            "--room", "proxied", "--duration", "2", "--json"])
        #expect(botOutput.contains("\"connected\" : 2") || botOutput.contains("\"connected\":2"), "\(botOutput)")
        #expect(botOutput.contains("\"handshake-failed\" : 1"), "\(botOutput)")
        #expect(server.output.contains("refused 127.0.0.1: over 2 connections from one address"), "\(server.output)")
    }
}
