#!/usr/bin/env python3
"""Plays Arena on a Tickwire server over wss:// with the `websockets` library, written from
docs/PROTOCOL.md: joins a room by id, sends one input per snapshot (moving right) and
acknowledges snapshots, then prints what it saw, the server certificate's common name
included. Exit status 0 when it played, 1 when the server refused, 2 on a TLS or
connection failure. Used by Tests/ServerTests/TLSServeTests.swift."""
import argparse
import asyncio
import ssl
import sys

import websockets


def varuint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def string(text):
    data = text.encode("utf-8")
    return varuint(len(data)) + data


def read_varuint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, offset


async def play(args):
    context = ssl.create_default_context(cafile=args.ca)
    async with websockets.connect(args.url, ssl=context, subprotocols=["tickwire.v2"]) as ws:
        peer = ws.transport.get_extra_info("ssl_object").getpeercert()
        common_name = dict(pair[0] for pair in peer["subject"]).get("commonName")
        join = bytes([0x01, 2]) + string(args.name) + bytes([1]) + string(args.room)
        if args.credential:
            join += string(args.credential)
        await ws.send(join)
        sequence, snapshots, player = 0, 0, None
        while snapshots < args.snapshots:
            message = await asyncio.wait_for(ws.recv(), 10)
            kind = message[0]
            if kind == 0x84:  # error: code u16 little-endian, message string
                code = message[1] | message[2] << 8
                length, offset = read_varuint(message, 3)
                print(f"error {code}: {message[offset:offset + length].decode()}")
                return 1
            if kind == 0x81:  # welcome: version u8, then the player id (u16 little-endian)
                player = message[2] | message[3] << 8
            if kind == 0x82 and player is not None:
                snapshots += 1
                sequence += 1
                # input: ack 0 (full snapshots), sequence, moveX 127, moveY 0, aim 0, buttons 0
                await ws.send(bytes([0x02]) + varuint(0) + varuint(sequence) + bytes([127, 0, 0, 0, 0]))
        print(f"played as player {player}: {snapshots} snapshots over TLS from CN={common_name}")
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--ca", required=True)
    parser.add_argument("--room", default="tls")
    parser.add_argument("--name", default="python")
    parser.add_argument("--credential", default="")
    parser.add_argument("--snapshots", type=int, default=20)
    args = parser.parse_args()
    try:
        sys.exit(asyncio.run(play(args)))
    except (ssl.SSLError, OSError, websockets.exceptions.WebSocketException) as error:
        print(f"failed: {error}")
        sys.exit(2)


if __name__ == "__main__":
    main()
