// Arena player movement, a bit-exact port of the Swift rules (Sources/Arena/Movement.swift,
// Fixed.swift, ArenaRules.swift), so the client predicts exactly what the server computes.
//
// Positions are integers in 1/256 tile. Swift does Int32 arithmetic: `/` truncates toward
// zero (`divide` here: `| 0` rather than Math.trunc, which would give -0) and `>> 8` is an
// arithmetic shift (JS `>>` is one too). Every product stays far below 2^53, so doubles
// hold them exactly.

export const UNITS_PER_TILE = 256;
export const TILE_SHIFT = 8;
export const MAX_SPEED = 34;          // 1/256 tile per tick (8 tiles/s at 60 Hz)
export const PLAYER_RADIUS = 90;      // half side of the player's collision box
export const MAX_MOVE_INPUT = 127;

const WALL = "#".charCodeAt(0);

/** Int32 division as Swift does it: truncated toward zero. */
export function divide(a, b) {
  return (a / b) | 0;
}

/** The tile containing a position (floor, also below 0). */
export function tileOf(position) {
  return position >> TILE_SHIFT;
}

/**
 * Whether tile (x, y) of `grid` blocks movement; outside the map counts as wall.
 * grid = { width, height, tiles }: the map characters row-major, as in `welcome.grid`.
 */
export function isWall(grid, x, y) {
  if (x < 0 || y < 0 || x >= grid.width || y >= grid.height) return true;
  return grid.tiles[y * grid.width + x] === WALL;
}

/** Integer square root (floor) by Newton's method, as `Fixed.squareRoot`. */
export function squareRoot(value) {
  if (value < 2) return value;
  let x = value;
  let y = Math.floor((x + 1) / 2);
  while (y < x) {
    x = y;
    y = Math.floor((x + Math.floor(value / x)) / 2);   // all positive: floor is truncation
  }
  return x;
}

/**
 * The velocity an input asks for, in 1/256 tile per tick: each axis scaled from
 * -127...127 to the top speed, and diagonals clamped so they are not faster.
 */
export function velocity(moveX, moveY) {
  const moveXClamped = Math.min(Math.max(moveX, -MAX_MOVE_INPUT), MAX_MOVE_INPUT);
  const moveYClamped = Math.min(Math.max(moveY, -MAX_MOVE_INPUT), MAX_MOVE_INPUT);
  let x = divide(moveXClamped * MAX_SPEED, MAX_MOVE_INPUT);
  let y = divide(moveYClamped * MAX_SPEED, MAX_MOVE_INPUT);
  const lengthSquared = x * x + y * y;
  if (lengthSquared > MAX_SPEED * MAX_SPEED) {
    const length = squareRoot(lengthSquared);
    x = divide(x * MAX_SPEED, length);
    y = divide(y * MAX_SPEED, length);
  }
  return { x, y };
}

/**
 * The new coordinate on one axis ("x" or "y") after moving by `delta`: the box (half side
 * `radius`, covering [centre - radius, centre + radius)) stops flush against the first
 * wall tile it would enter. `across` is the centre on the other axis. (`Collision.slide`.)
 */
export function slide(grid, axis, position, across, delta, radius = PLAYER_RADIUS) {
  if (delta === 0) return position;
  const firstLane = tileOf(across - radius);
  const lastLane = tileOf(across + radius - 1);
  const blocked = (tile) => {
    for (let lane = firstLane; lane <= lastLane; lane++) {
      if (axis === "x" ? isWall(grid, tile, lane) : isWall(grid, lane, tile)) return true;
    }
    return false;
  };
  const target = position + delta;
  if (delta > 0) {
    const from = tileOf(position + radius - 1);
    const to = tileOf(target + radius - 1);
    for (let tile = from + 1; tile <= to; tile++) {
      if (blocked(tile)) return tile * UNITS_PER_TILE - radius;
    }
  } else {
    const from = tileOf(position - radius);
    const to = tileOf(target - radius);
    for (let tile = from - 1; tile >= to; tile--) {
      if (blocked(tile)) return (tile + 1) * UNITS_PER_TILE + radius;
    }
  }
  return target;
}

/** One tick of a living player's move from (x, y): x first, then y, as the server does. */
export function move(grid, x, y, moveX, moveY) {
  const v = velocity(moveX, moveY);
  const newX = slide(grid, "x", x, y, v.x);
  const newY = slide(grid, "y", y, newX, v.y);
  return { x: newX, y: newY };
}
