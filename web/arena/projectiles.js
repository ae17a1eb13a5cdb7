// Where an Arena projectile is: the snapshot carries its trajectory (origin, aim, launch
// tick mod 128), never its position, and the position follows exactly (PROTOCOL.md §5,
// Sources/Arena/FixedTrig.swift, ArenaRules.projectileVelocity).

import { divide } from "./movement.js";

export const PROJECTILE_SPEED = 85;       // 1/256 tile per tick (20 tiles/s at 60 Hz)
export const PROJECTILE_LIFETIME = 90;    // ticks; under 128, so age mod 128 is the age
const Q14_ONE = 16384;
const STEPS_PER_TURN = 1024;
const QUARTER = STEPS_PER_TURN / 4;

// round(16384 * sin(2π i / 1024)) for i = 0...256: no value lies near a half, so the
// doubles of Math.sin give the Swift table (FixedTrig.quarterSine) exactly.
const QUARTER_SINE = Int32Array.from({ length: QUARTER + 1 }, (_, i) => Math.round(Q14_ONE * Math.sin((2 * Math.PI * i) / STEPS_PER_TURN)));

/** Sine of a step (1024 steps per turn) in Q14. */
export function sine(step) {
  const s = step & (STEPS_PER_TURN - 1);
  switch (Math.floor(s / QUARTER)) {
    case 0: return QUARTER_SINE[s];
    case 1: return QUARTER_SINE[2 * QUARTER - s];
    case 2: return -QUARTER_SINE[s - 2 * QUARTER];
    default: return -QUARTER_SINE[4 * QUARTER - s];
  }
}

/** Cosine of a step in Q14. */
export function cosine(step) {
  return sine(step + QUARTER);
}

/** A projectile's velocity for an aim (u16, 1/65536 turn), in 1/256 tile per tick. */
export function projectileVelocity(aim) {
  const step = (aim & 0xffff) >> 6;
  return {
    x: divide(cosine(step) * PROJECTILE_SPEED, Q14_ONE),
    y: divide(sine(step) * PROJECTILE_SPEED, Q14_ONE),
  };
}

/** Ticks since launch: (tick - launchTick) mod 128; launchTick may be its signed low 7 bits. */
export function projectileAge(tick, launchTick) {
  return (tick - launchTick) & 127;
}

/**
 * A projectile's position at `tick` (which may be fractional, for drawing between ticks)
 * from its snapshot fields { originX, originY, aim, launchTick }. At a whole tick this is
 * the server's position exactly.
 */
export function projectilePosition(fields, tick) {
  const whole = Math.floor(tick);
  const age = projectileAge(whole, fields.launchTick) + (tick - whole);
  const v = projectileVelocity(fields.aim);
  return { x: fields.originX + v.x * age, y: fields.originY + v.y * age, age };
}
