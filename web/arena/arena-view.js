// Reads a decoded WorldState (tickwire.js) in Arena terms: players, projectiles, pickups.
// The field names come from Arena's schema as `welcome` sends it (PROTOCOL.md §5).

export const ALIVE_FLAG = 1;            // player flags bit 0
export const FIRST_PICKUP_ID = 60000;   // pickup i of the map (reading order) has id 60000 + i
const PICKUP_TILE = "+".charCodeAt(0);

/** The players of a world as a Map id → { id, x, y, aim, alive, health, score }. */
export function readPlayers(world) {
  const players = new Map();
  for (const entity of world) {
    if (entity.kindName !== "player") continue;
    const { x, y, aim, flags, health, score } = entity.fields;
    players.set(entity.id, { id: entity.id, x, y, aim, alive: (flags & ALIVE_FLAG) !== 0, health, score });
  }
  return players;
}

/** The projectiles of a world: { id, originX, originY, aim, launchTick, owner } each. */
export function readProjectiles(world) {
  const projectiles = [];
  for (const entity of world) {
    if (entity.kindName === "projectile") projectiles.push({ id: entity.id, ...entity.fields });
  }
  return projectiles;
}

/** The pickup spots of a grid, in reading order: [{ x, y }] in tiles. */
export function pickupTiles(grid) {
  const tiles = [];
  for (let index = 0; index < grid.tiles.length; index++) {
    if (grid.tiles[index] === PICKUP_TILE) tiles.push({ x: index % grid.width, y: Math.floor(index / grid.width) });
  }
  return tiles;
}

/** Which pickups are active in a world: a Set of pickup indexes. */
export function activePickups(world) {
  const active = new Set();
  for (const entity of world) {
    if (entity.kindName === "pickup" && entity.fields.active) active.add(entity.id - FIRST_PICKUP_ID);
  }
  return active;
}
