import Foundation
import TestThreads
import Testing
import WebSocket
@testable import Server

/// The web directory on the game port: files, types, validators, HEAD, size cap, and
/// nothing outside the directory.
@Suite(.serialized, .ownThread) struct StaticFilesTests {
    /// A web directory with a page, a script, a big file, a hidden file and links in and out.
    static func makeSite() throws -> (root: String, outside: String) {
        let base = FileManager.default.temporaryDirectory.path + "/tickwire-web-\(UInt64.random(in: 0...UInt64.max))"
        let root = base + "/web", outside = base + "/secret.txt"
        try FileManager.default.createDirectory(atPath: root + "/js", withIntermediateDirectories: true)
        try Data("<h1>hi</h1>".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        try Data("export const x = 1;".utf8).write(to: URL(fileURLWithPath: root + "/js/app.mjs"))
        try Data(repeating: 0x61, count: 2048).write(to: URL(fileURLWithPath: root + "/big.txt"))
        try Data("key".utf8).write(to: URL(fileURLWithPath: root + "/.env"))
        try Data("do not serve".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: root + "/leak.txt", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/alias.html", withDestinationPath: root + "/index.html")
        return (root, outside)
    }

    static func get(_ target: String, _ headers: [HTTPHeader] = [], method: String = "GET") -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: target, version: "HTTP/1.1", headers: [HTTPHeader(name: "Host", value: "x")] + headers)
    }

    static func text(_ response: [UInt8]?) -> String { String(decoding: response ?? [], as: UTF8.self) }

    @Test func pathsInsideTheDirectoryResolveAndEverythingElseIsRefused() throws {
        let site = try Self.makeSite()
        let files = try #require(StaticFiles(directory: site.root, maxFileBytes: 1024))
        #expect(files.resolve(target: "/")?.hasSuffix("/web/index.html") == true)
        #expect(files.resolve(target: "/index.html?v=3")?.hasSuffix("/web/index.html") == true)
        #expect(files.resolve(target: "/js/app.mjs")?.hasSuffix("/web/js/app.mjs") == true)
        #expect(files.resolve(target: "/alias.html")?.hasSuffix("/web/index.html") == true, "a link that stays inside is fine")
        for escape in ["/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/js%2f..%2f..%2fsecret.txt",
                       "/..%5csecret.txt", "/leak.txt", "/.env", "/index.html%00.png", "secret.txt", "/nope.html", "/js/"] {
            #expect(files.resolve(target: escape) == nil, "\(escape) resolved")
        }
        #expect(files.respond(to: Self.get("/leak.txt")) == nil)
        #expect(StaticFiles(directory: site.root + "/missing", maxFileBytes: 1) == nil)
    }

    @Test func filesComeWithTypesAndValidatorsAndRevalidateWith304() throws {
        let site = try Self.makeSite()
        let files = try #require(StaticFiles(directory: site.root, maxFileBytes: 1024))
        let page = Self.text(files.respond(to: Self.get("/")))
        #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(page.contains("Content-Type: text/html; charset=utf-8\r\n"))
        #expect(page.hasSuffix("\r\n\r\n<h1>hi</h1>"))
        #expect(Self.text(files.respond(to: Self.get("/js/app.mjs"))).contains("Content-Type: text/javascript; charset=utf-8\r\n"))
        let etag = try #require(page.split(separator: "\r\n").first { $0.hasPrefix("ETag: ") }?.dropFirst(6))
        let modified = try #require(page.split(separator: "\r\n").first { $0.hasPrefix("Last-Modified: ") }?.dropFirst(15))
        #expect(modified.hasSuffix(" GMT"))
        let byTag = Self.text(files.respond(to: Self.get("/", [HTTPHeader(name: "If-None-Match", value: String(etag))])))
        #expect(byTag.hasPrefix("HTTP/1.1 304 Not Modified\r\n") && byTag.hasSuffix("\r\n\r\n") && !byTag.contains("<h1>"))
        let byDate = Self.text(files.respond(to: Self.get("/", [HTTPHeader(name: "If-Modified-Since", value: String(modified))])))
        #expect(byDate.hasPrefix("HTTP/1.1 304 "))
        let stale = Self.text(files.respond(to: Self.get("/", [HTTPHeader(name: "If-None-Match", value: "\"other\"")])))
        #expect(stale.hasPrefix("HTTP/1.1 200 "))
        let old = Self.text(files.respond(to: Self.get("/", [HTTPHeader(name: "If-Modified-Since", value: "Sun, 06 Nov 1994 08:49:37 GMT")])))
        #expect(old.hasPrefix("HTTP/1.1 200 "))
        // Over the cap: refused, not read.
        #expect(Self.text(files.respond(to: Self.get("/big.txt"))).hasPrefix("HTTP/1.1 403 "))
    }

    @Test func httpDatesRoundTrip() {
        let date = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
    }

    /// Over a real socket: the page, HEAD without a body, the endpoints keep their paths.
    @Test func theGamePortServesTheWebDirectory() throws {
        let site = try Self.makeSite()
        let (loop, server) = try makeServer { $0.webDirectory = site.root }
        func fetch(_ request: String) -> RawClient {
            let client = RawClient.connect(loop: loop, port: server.port) { $0.send(request) }
            #expect(runUntil(loop) { client.closed })
            return client
        }
        let page = fetch("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(page.statusCode == 200 && page.body == "<h1>hi</h1>")
        let head = fetch("HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.statusCode == 200 && head.body.isEmpty)
        #expect(String(decoding: head.received, as: UTF8.self).contains("Content-Length: 11\r\n"))
        #expect(fetch("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").body == "ok\n")
        #expect(fetch("GET /../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n").statusCode == 404)
        tearDown(loop, server, [])
    }
}
