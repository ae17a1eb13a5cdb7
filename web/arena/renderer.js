// Draws an Arena scene on a canvas: the map scaled to fit the window, pickups, projectiles
// and players. Sharp on HiDPI screens: the backing store follows devicePixelRatio, and the
// drawing is in CSS pixels.

import { PLAYER_RADIUS, UNITS_PER_TILE } from "./movement.js";

const COLORS = {
  background: "#0b0d12",
  wall: "#3a4254",
  floor: "#161a23",
  spawn: "#1c2433",
  pickup: "#3ddc84",
  own: "#ffd23f",
  ownProjectile: "#ffe98a",
  projectile: "#ff7a59",
  text: "#e8ecf4",
  healthBack: "#3a1f24",
  health: "#3ddc84",
};
const TILE_COLORS = new Map([["#", COLORS.wall], [".", COLORS.floor], ["S", COLORS.spawn], ["+", COLORS.floor]]);
const MARGIN = 12;       // CSS pixels around the map
const MARGIN_TOP = 44;   // room for the status line above it
const MARGIN_BAR = 48;   // room for the replay bar below it, while shown

/** A steady colour per player id, far from the own player's yellow. */
function playerColor(id) {
  return `hsl(${(180 + id * 47) % 360}, 70%, 62%)`;
}

export class Renderer {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext("2d");
    this.grid = null;
    this.background = null;   // the map pre-drawn at device resolution
    this.layout = null;       // { dpr, width, height, bottom, scale (CSS px per unit), left, top }
    this.bottom = MARGIN;
  }

  /** Keeps the map clear of the replay bar along the bottom while it is shown. */
  setBarShown(shown) {
    this.bottom = shown ? MARGIN_BAR : MARGIN;
  }

  setMap(grid) {
    this.grid = grid;
    this.layout = null;       // the scale depends on the map's size
  }

  /** A world position (1/256 tile) in the canvas's CSS pixels. */
  toScreen(x, y) {
    const { scale, left, top } = this.layout;
    return { x: left + x * scale, y: top + y * scale };
  }

  /**
   * scene: { players: [{ id, x, y, aim, health, name, own }], projectiles: [{ x, y, own }],
   * pickups: [{ x, y }] (tiles), message }.
   */
  draw(scene) {
    this.#fit();
    const { context: c, layout } = this;
    c.setTransform(1, 0, 0, 1, 0, 0);   // the background in device pixels, 1:1
    c.fillStyle = COLORS.background;
    c.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.grid) return;
    if (!this.background) this.background = this.#drawMap();
    c.drawImage(this.background, 0, 0);
    c.setTransform(layout.dpr, 0, 0, layout.dpr, 0, 0);
    for (const pickup of scene.pickups) this.#drawPickup(pickup);
    for (const projectile of scene.projectiles) this.#drawProjectile(projectile);
    for (const player of scene.players) this.#drawPlayer(player);
    if (scene.message) this.#drawMessage(scene.message);
  }

  // Follows the canvas's CSS size and the device pixel ratio (window resize, zoom, moving
  // to another screen) by checking them every frame: cheap, and no listeners to miss.
  #fit() {
    const dpr = globalThis.devicePixelRatio || 1;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    const layout = this.layout;
    const bottom = this.bottom;
    if (layout && layout.dpr === dpr && layout.width === width && layout.height === height && layout.bottom === bottom) return;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    const columns = this.grid?.width ?? 1;
    const rows = this.grid?.height ?? 1;
    const tile = Math.max(1, Math.min((width - 2 * MARGIN) / columns, (height - MARGIN_TOP - bottom) / rows));
    this.layout = {
      dpr, width, height, bottom,
      scale: tile / UNITS_PER_TILE,
      left: (width - tile * columns) / 2,
      top: MARGIN_TOP + (height - MARGIN_TOP - bottom - tile * rows) / 2,
    };
    this.background = null;
  }

  #drawMap() {
    const { dpr, width, height, scale, left, top } = this.layout;
    const image = document.createElement("canvas");
    image.width = Math.round(width * dpr);
    image.height = Math.round(height * dpr);
    const c = image.getContext("2d");
    // In device pixels, tile edges rounded: neighbours share an edge, so no seams show.
    const originX = Math.round(left * dpr);
    const originY = Math.round(top * dpr);
    const edge = (tiles) => Math.round(tiles * UNITS_PER_TILE * scale * dpr);
    for (let y = 0; y < this.grid.height; y++) {
      for (let x = 0; x < this.grid.width; x++) {
        c.fillStyle = TILE_COLORS.get(String.fromCharCode(this.grid.tiles[y * this.grid.width + x])) ?? COLORS.floor;
        c.fillRect(originX + edge(x), originY + edge(y), edge(x + 1) - edge(x), edge(y + 1) - edge(y));
      }
    }
    return image;
  }

  #drawPickup({ x, y }) {
    const c = this.context;
    const centre = this.toScreen((x + 0.5) * UNITS_PER_TILE, (y + 0.5) * UNITS_PER_TILE);
    const arm = UNITS_PER_TILE * this.layout.scale * 0.3;
    c.strokeStyle = COLORS.pickup;
    c.lineWidth = Math.max(2, arm / 2.5);
    c.beginPath();
    c.moveTo(centre.x - arm, centre.y);
    c.lineTo(centre.x + arm, centre.y);
    c.moveTo(centre.x, centre.y - arm);
    c.lineTo(centre.x, centre.y + arm);
    c.stroke();
  }

  #drawProjectile({ x, y, own }) {
    const c = this.context;
    const point = this.toScreen(x, y);
    c.fillStyle = own ? COLORS.ownProjectile : COLORS.projectile;
    c.beginPath();
    c.arc(point.x, point.y, Math.max(2.5, 32 * this.layout.scale), 0, 2 * Math.PI);
    c.fill();
  }

  #drawPlayer({ id, x, y, aim, health, name, own }) {
    const c = this.context;
    const centre = this.toScreen(x, y);
    const radius = PLAYER_RADIUS * this.layout.scale;
    const color = own ? COLORS.own : playerColor(id);
    const angle = (aim / 65536) * 2 * Math.PI;   // 0 = east, increasing toward screen down

    c.strokeStyle = color;
    c.lineWidth = Math.max(2, radius / 4);
    c.beginPath();
    c.moveTo(centre.x, centre.y);
    c.lineTo(centre.x + Math.cos(angle) * radius * 1.9, centre.y + Math.sin(angle) * radius * 1.9);
    c.stroke();

    c.fillStyle = color;
    c.beginPath();
    c.arc(centre.x, centre.y, radius, 0, 2 * Math.PI);
    c.fill();
    if (own) {
      c.strokeStyle = COLORS.text;
      c.lineWidth = 2;
      c.stroke();
    }

    const barWidth = radius * 2.4;
    const barTop = centre.y - radius - 9;
    c.fillStyle = COLORS.healthBack;
    c.fillRect(centre.x - barWidth / 2, barTop, barWidth, 4);
    c.fillStyle = COLORS.health;
    c.fillRect(centre.x - barWidth / 2, barTop, (barWidth * Math.max(0, health)) / 100, 4);

    c.fillStyle = COLORS.text;
    c.font = "12px system-ui, sans-serif";
    c.textAlign = "center";
    c.textBaseline = "top";
    c.fillText(name, centre.x, centre.y + radius + 4);
  }

  #drawMessage(message) {
    const c = this.context;
    c.fillStyle = COLORS.text;
    c.font = "bold 20px system-ui, sans-serif";
    c.textAlign = "center";
    c.textBaseline = "middle";
    c.fillText(message, this.layout.width / 2, this.layout.height / 2);
  }
}
