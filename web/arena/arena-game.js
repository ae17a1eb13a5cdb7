// One seat in one Arena room, or an admin's view of one, without the DOM: snapshots and
// inputs in, a scene to draw out. The own player is predicted (prediction.js); the others
// (for a spectator: everyone) are interpolated a little in the past (interpolation.js,
// render-clock.js); projectiles follow their trajectory.

import { activePickups, pickupTiles, readPlayers, readProjectiles } from "./arena-view.js";
import { Interpolation } from "./interpolation.js";
import { isWall, tileOf } from "./movement.js";
import { Prediction } from "./prediction.js";
import { PROJECTILE_LIFETIME, projectilePosition } from "./projectiles.js";
import { RenderClock } from "./render-clock.js";

export class ArenaGame {
  /**
   * welcome: the room's `welcome` or `spectating` (playerId, tickRate, snapshotRate, grid).
   * spectator: no own player, so nothing to predict and no player left out of the view.
   */
  constructor(welcome, { spectator = false } = {}) {
    this.playerId = spectator ? null : welcome.playerId;
    this.grid = welcome.grid;
    this.prediction = spectator ? null : new Prediction(welcome.grid);
    this.interpolation = new Interpolation();
    this.clock = new RenderClock({ tickRate: welcome.tickRate, snapshotRate: welcome.snapshotRate });
    this.pickupSpots = pickupTiles(welcome.grid);
    this.players = new Map();        // the newest snapshot's players, by id
    this.activePickups = new Set();
  }

  /**
   * Takes a decoded snapshot (tickwire.js "snapshot" event) arriving at `now` (ms).
   * Returns { own, reconciliation }: the own player as the server has it (or null) and the
   * prediction's reconciliation (see Prediction.reconcile).
   */
  applySnapshot(snapshot, now) {
    this.players = readPlayers(snapshot.world);
    this.activePickups = activePickups(snapshot.world);
    const own = this.players.get(this.playerId) ?? null;
    const reconciliation = this.prediction?.reconcile(snapshot.lastInputSequence, own) ?? null;
    if (this.interpolation.push(snapshot.tick, this.players, snapshot.world)) this.clock.restart();
    this.clock.onSnapshot(snapshot.tick, now);
    return { own, reconciliation };
  }

  /** Snapshot ticks per second: in a replay room, the recording's rate times the speed. */
  setTickRate(ticksPerSecond) {
    this.clock.setTickRate(ticksPerSecond);
  }

  /**
   * The newest snapshot shows another moment of the game than the ones before it (a
   * replay's seek back, whose snapshot ticks may move on by only a few): draw it from now on.
   */
  cut() {
    this.interpolation.cut();
    this.clock.restart();
  }

  /** An input just sent with this sequence: the own player moves at once. */
  applyInput(sequence, { moveX, moveY }) {
    this.prediction.applyInput(sequence, moveX, moveY);
  }

  /**
   * What to draw at `now` (ms). tickFraction (0...1): how far into the current input tick,
   * to move the own player smoothly from one predicted position to the next. names: Map
   * id → name (the roster); aim: the own player's current aim.
   * Returns { players, projectiles, pickups, message, own: {x, y} | null, remotes }.
   */
  scene(now, tickFraction, { names, aim }) {
    const renderTick = this.clock.advance(now);
    const { bodies, base } = this.interpolation.sample(renderTick);
    const remotes = bodies.filter((body) => body.alive && body.id !== this.playerId);
    const own = this.#ownPosition(tickFraction);
    const ownServer = this.players.get(this.playerId);

    const players = remotes.map((body) => ({ ...body, name: names.get(body.id) ?? `#${body.id}`, own: false }));
    if (own) {
      players.push({ id: this.playerId, x: own.x, y: own.y, aim, health: ownServer?.health ?? 0, name: names.get(this.playerId) ?? "you", own: true });
    }
    return {
      players,
      projectiles: base ? this.#projectilesAt(base.extra, renderTick) : [],
      pickups: this.pickupSpots.filter((_, index) => this.activePickups.has(index)),
      message: ownServer && !ownServer.alive ? "respawning…" : "",
      own,
      remotes,
    };
  }

  // Between the predicted positions before and after the newest input.
  #ownPosition(fraction) {
    if (!this.prediction?.alive) return null;
    const step = this.prediction.latestStep();
    if (!step) return null;
    const { from, to } = step;
    return { x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction };
  }

  // The projectiles of the snapshot at or before the render tick, moved on to it. One that
  // has reached a wall is hidden: the snapshot removing it is still to come.
  #projectilesAt(world, renderTick) {
    const shown = [];
    for (const projectile of readProjectiles(world)) {
      const { x, y, age } = projectilePosition(projectile, renderTick);
      if (age > PROJECTILE_LIFETIME || isWall(this.grid, tileOf(Math.floor(x)), tileOf(Math.floor(y)))) continue;
      shown.push({ id: projectile.id, x, y, own: projectile.owner === this.playerId });
    }
    return shown;
  }
}
