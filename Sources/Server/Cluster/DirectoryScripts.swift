import Crypto
import Foundation

/// The directory's atomic steps, as Lua run by Redis (EVAL): Redis runs one script at a
/// time, so two nodes placing players at once see each other's seats. docs/SCALING.md
/// documents every key. Times are Redis' own clock (TIME), so nodes' clocks need not agree.
enum DirectoryScripts {
    /// Shared by the scripts: the time in ms, the free seats of a room after dropping its
    /// expired reservations, a live node with the fewest players, and taking a seat.
    private static let common = """
    local prefix = ARGV[1]
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local expired = 0
    local function free_seats(id)
      local held = prefix .. 'held:' .. id
      expired = expired + redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
      local r = redis.call('HMGET', prefix .. 'room:' .. id, 'players', 'capacity', 'joinable')
      if not r[1] then return nil end
      if r[3] ~= '1' then return 0 end
      return tonumber(r[2]) - tonumber(r[1]) - redis.call('ZCARD', held)
    end
    local function live_node(id)
      local r = redis.call('HMGET', prefix .. 'node:' .. id, 'url', 'players', 'rooms', 'maxRooms')
      if not r[1] then redis.call('SREM', prefix .. 'nodes', id) return nil end
      return r
    end
    local function least_loaded()
      local best, best_load, best_url
      for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
        local r = live_node(id)
        if r and tonumber(r[3]) < tonumber(r[4]) then
          local load = tonumber(r[2]) * 1000 + tonumber(r[3])
          if not best or load < best_load or (load == best_load and id < best) then
            best, best_load, best_url = id, load, r[1]
          end
        end
      end
      return best, best_url
    end
    -- A seat in room `id` of `node`: counted at once for the requesting node's own rooms,
    -- held under `token` until `ttl` ms from now for another node's.
    local function take(id, node, requester, token, ttl)
      local room = prefix .. 'room:' .. id
      redis.call('HINCRBY', prefix .. 'node:' .. node, 'players', 1)
      local r = redis.call('HMGET', room, 'game', 'level', 'url')
      if node == requester then
        redis.call('HINCRBY', room, 'players', 1)
        return {'local', id, r[1], r[2], '', expired}
      end
      redis.call('ZADD', prefix .. 'held:' .. id, now + ttl, token)
      redis.call('PEXPIRE', prefix .. 'held:' .. id, ttl + 1000)
      redis.call('SET', prefix .. 'reservation:' .. token, id, 'PX', ttl)
      return {'remote', id, r[1], r[2], r[3], expired}
    end
    local function create(id, node, url, game, level, capacity, ttl)
      local room = prefix .. 'room:' .. id
      redis.call('HSET', room, 'game', game, 'level', level, 'node', node, 'url', url,
        'players', 0, 'capacity', capacity, 'joinable', 1)
      redis.call('PEXPIRE', room, ttl)
      redis.call('SADD', prefix .. 'rooms', id)
      redis.call('HINCRBY', prefix .. 'node:' .. node, 'rooms', 1)
    end

    """

    /// ARGV: prefix, requester node, reservation token, reservation ms, new-room ms, game,
    /// level to match ('' any), level for a new room, capacity, new room id.
    /// Takes a seat in the fullest joinable room of that game and level, or else in a new
    /// room on the least loaded node. Returns {'local'|'remote', room, game, level, url, expired}
    /// or {'none', reason}.
    static let matchLevel = DirectoryScript(common + """
    local requester, token, ttl, new_ttl = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
    local game, level, new_level, capacity, new_id = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
    local best, best_free
    for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'rooms')) do
      local r = redis.call('HMGET', prefix .. 'room:' .. id, 'game', 'level', 'node')
      if not r[1] then
        redis.call('SREM', prefix .. 'rooms', id)
      elseif r[1] == game and (level == '' or r[2] == level) and live_node(r[3]) then
        local free = free_seats(id)
        if free and free > 0 and (not best or free < best_free or (free == best_free and id < best)) then
          best, best_free = id, free
        end
      end
    end
    if best then
      return take(best, redis.call('HGET', prefix .. 'room:' .. best, 'node'), requester, token, ttl)
    end
    local node, url = least_loaded()
    if not node then return {'none', 'no node can open another room'} end
    create(new_id, node, url, game, new_level, capacity, new_ttl)
    return take(new_id, node, requester, token, ttl)
    """)

    /// ARGV: prefix, requester node, reservation token, reservation ms, new-room ms, game,
    /// level, capacity, room id, requester's URL, whether it may create the room ('1'/'0').
    /// Takes a seat in room `id`, creating it on the requesting node when no node has it.
    /// Returns as `matchLevel`, or {'full', room}, or {'wait', reason} when the room is not
    /// there and the requester may not create it yet.
    static let claimRoom = DirectoryScript(common + """
    local requester, token, ttl, new_ttl = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
    local game, level, capacity, id, url, may_create = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
    local node = redis.call('HGET', prefix .. 'room:' .. id, 'node')
    if node and not live_node(node) then
      redis.call('DEL', prefix .. 'room:' .. id, prefix .. 'held:' .. id)
      node = nil
    end
    if not node then
      if may_create ~= '1' then return {'wait', 'the directory is being rebuilt after a restart'} end
      local mine = live_node(requester)
      if mine and tonumber(mine[3]) >= tonumber(mine[4]) then return {'none', 'this node runs its maximum of rooms'} end
      create(id, requester, url, game, level, capacity, new_ttl)
      node = requester
    end
    local free = free_seats(id)
    if not free or free <= 0 then return {'full', id} end
    return take(id, node, requester, token, ttl)
    """)

    /// ARGV: prefix, this node, token. Turns a reservation held for this node into a seat.
    /// Returns {'ok', room, game, level} or {'invalid', reason}.
    static let redeem = DirectoryScript("""
    local prefix, node, token = ARGV[1], ARGV[2], ARGV[3]
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local id = redis.call('GET', prefix .. 'reservation:' .. token)
    if not id then return {'invalid', 'the reservation expired or was used'} end
    local room = prefix .. 'room:' .. id
    local r = redis.call('HMGET', room, 'node', 'game', 'level')
    -- Presented at the wrong node, the reservation stays good for the right one.
    if r[1] ~= node then return {'invalid', 'the reservation is for another node'} end
    redis.call('DEL', prefix .. 'reservation:' .. token)
    local held = prefix .. 'held:' .. id
    local expires = redis.call('ZSCORE', held, token)
    redis.call('ZREM', held, token)
    if not expires or tonumber(expires) <= now then return {'invalid', 'the reservation expired'} end
    redis.call('HINCRBY', room, 'players', 1)
    return {'ok', id, r[2], r[3]}
    """)

    /// ARGV: prefix, this node, room id, lease ms, players, 'set'|'missing', then field/value
    /// pairs. Writes a room of this node under its lease, unless a live node holds that id
    /// (returns 0: after a lease lapse or a Redis restart another node took it meanwhile).
    /// `players` is written with 'set' on a fresh link only; otherwise only when missing:
    /// the scripts count seats up as they give them, and the node counts them down.
    static let publishRoom = DirectoryScript("""
    local prefix, node, id, lease, players, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
    local key = prefix .. 'room:' .. id
    local owner = redis.call('HGET', key, 'node')
    if owner and owner ~= node and redis.call('EXISTS', prefix .. 'node:' .. owner) == 1 then return 0 end
    if owner ~= node then
      redis.call('DEL', key, prefix .. 'held:' .. id)
      mode = 'set'
    end
    redis.call('HSET', key, 'node', node, unpack(ARGV, 7))
    if mode == 'set' then redis.call('HSET', key, 'players', players) else redis.call('HSETNX', key, 'players', players) end
    redis.call('PEXPIRE', key, lease)
    redis.call('SADD', prefix .. 'rooms', id)
    return 1
    """)

    /// ARGV: prefix, this node, room id. A seat of this node's room was freed (or a seat
    /// the directory counted was not taken after all).
    static let releaseSeat = DirectoryScript("""
    local prefix, node, id = ARGV[1], ARGV[2], ARGV[3]
    local key = prefix .. 'room:' .. id
    if redis.call('HGET', key, 'node') == node and tonumber(redis.call('HGET', key, 'players') or '0') > 0 then
      redis.call('HINCRBY', key, 'players', -1)
    end
    return 1
    """)

    /// ARGV: prefix, hash of a session token. Returns {node, url} of the live node that
    /// holds the seat, or {}.
    static let findSession = DirectoryScript("""
    local prefix, hash = ARGV[1], ARGV[2]
    for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
      if redis.call('SISMEMBER', prefix .. 'sessions:' .. id, hash) == 1 then
        local url = redis.call('HGET', prefix .. 'node:' .. id, 'url')
        if url then return {id, url} end
      end
    end
    return {}
    """)

    /// ARGV: prefix. Every room whose node is alive, as flat arrays of its fields
    /// (`RoomFields.listed` order), dropping what expired.
    static let listRooms = DirectoryScript("""
    local prefix = ARGV[1]
    local out = {}
    for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'rooms')) do
      local r = redis.call('HMGET', prefix .. 'room:' .. id, 'node', 'game', 'level', 'players', 'capacity',
        'tick', 'tickRate', 'tickP99Micros', 'lateTicks', 'bytesPerSecond', 'url')
      if not r[1] then
        redis.call('SREM', prefix .. 'rooms', id)
      elseif redis.call('EXISTS', prefix .. 'node:' .. r[1]) == 1 then
        table.insert(r, 1, id)
        table.insert(out, r)
      end
    end
    return out
    """)
}

/// A script's body and the SHA-1 Redis knows it by.
struct DirectoryScript {
    let source: String
    let sha1: String

    init(_ source: String) {
        self.source = source
        sha1 = Directory.hex(Insecure.SHA1.hash(data: Array(source.utf8)))
    }
}
