// Keyboard and mouse to Arena inputs (PROTOCOL.md §3): moveX / moveY in -127...127 (y
// positive = south, screen down), aim as a u16 turn fraction (0 = east, increasing toward
// screen down), buttons bit 0 = fire. The mapping functions are pure; `Controls` binds them
// to the page.

export const MOVE = 127;
export const FIRE = 1;

// KeyboardEvent.code names the physical key, so WASD sits in the same place on any layout.
const LEFT = ["KeyA", "ArrowLeft"];
const RIGHT = ["KeyD", "ArrowRight"];
const UP = ["KeyW", "ArrowUp"];
const DOWN = ["KeyS", "ArrowDown"];
const FIRE_KEY = "Space";
const GAME_KEYS = new Set([...LEFT, ...RIGHT, ...UP, ...DOWN, FIRE_KEY]);

/** moveX and moveY from the set of pressed key codes; opposite keys cancel. */
export function moveFromKeys(pressed) {
  const held = (codes) => codes.some((code) => pressed.has(code));
  return {
    moveX: (held(RIGHT) ? MOVE : 0) - (held(LEFT) ? MOVE : 0),
    moveY: (held(DOWN) ? MOVE : 0) - (held(UP) ? MOVE : 0),
  };
}

/** The aim (0...65535) pointing along (dx, dy) in screen axes; null for a zero vector. */
export function aimFromVector(dx, dy) {
  if (dx === 0 && dy === 0) return null;
  const turns = Math.atan2(dy, dx) / (2 * Math.PI);   // -0.5...0.5, positive toward screen down
  return Math.round(turns * 65536) & 0xffff;
}

/** Tracks keys, mouse position (canvas CSS pixels) and fire buttons on a page. */
export class Controls {
  constructor(canvas, target = window) {
    this.canvas = canvas;
    this.pressed = new Set();
    this.mouse = null;           // { x, y } in the canvas's CSS pixels
    this.mouseDown = false;
    this.aim = 0;                // kept when the mouse sits on the player
    target.addEventListener("keydown", (event) => this.#key(event, true));
    target.addEventListener("keyup", (event) => this.#key(event, false));
    target.addEventListener("blur", () => {   // keys released in another window never come up here
      this.pressed.clear();
      this.mouseDown = false;
    });
    target.addEventListener("mouseup", (event) => { if (event.button === 0) this.mouseDown = false; });
    // Aim follows the mouse over the overlays too; only clicks on the canvas fire.
    target.addEventListener("mousemove", (event) => { this.mouse = this.#canvasPoint(event); });
    canvas.addEventListener("mousedown", (event) => {
      if (event.button === 0) this.mouseDown = true;
      this.mouse = this.#canvasPoint(event);
    });
    canvas.addEventListener("contextmenu", (event) => event.preventDefault());
  }

  /** The input values for this tick; `origin` is the own player on screen (CSS pixels) or null. */
  sample(origin) {
    if (this.mouse && origin) this.aim = aimFromVector(this.mouse.x - origin.x, this.mouse.y - origin.y) ?? this.aim;
    const fire = this.mouseDown || this.pressed.has(FIRE_KEY);
    return { ...moveFromKeys(this.pressed), aim: this.aim, buttons: fire ? FIRE : 0 };
  }

  #key(event, down) {
    if (!GAME_KEYS.has(event.code) || isTyping(event.target)) return;
    event.preventDefault();   // no page scrolling with arrows or space
    if (down) this.pressed.add(event.code);
    else this.pressed.delete(event.code);
  }

  #canvasPoint(event) {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
}

/** Keys typed into a form field (the name, a room id) are not game keys. */
export function isTyping(element) {
  return element instanceof Element && element.closest("input, select, textarea") !== null;
}
