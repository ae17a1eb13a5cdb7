// Steering a replay room from the page: the replay bar (play/pause, seek, speed, position,
// how the file ends), redrawn from each `replayStatus`, and the same keys as the terminal
// spectator (replay-keys.js). Commands go to onCommand; the server answers with a new status.

import { isTyping } from "./controls.js";
import {
  commandForKey, faster, pauseText, positionText, seekBack, seekForward, slower, speedText, togglePlay,
} from "./replay-keys.js";

export class ReplayControls {
  /**
   * elements: { root, play, back, seek (a range input), forward, time, slower, speed, faster,
   * state, ending }. onCommand({ command, quarters | tick }) steers the replay.
   */
  constructor(elements, { onCommand, keyTarget = window }) {
    this.elements = elements;
    this.onCommand = onCommand;
    this.status = null;       // the last replayStatus while the bar is shown
    this.dragging = false;    // the seek slider is held: statuses do not move it
    const steer = (button, command) => button.addEventListener("click", () => {
      button.blur();          // so a later space steers through the keys, not a second click
      if (this.status) this.onCommand(command(this.status));
    });
    steer(elements.play, togglePlay);
    steer(elements.back, seekBack);
    steer(elements.forward, seekForward);
    steer(elements.slower, (status) => ({ command: "speed", quarters: slower(status.speedQuarters) }));
    steer(elements.faster, (status) => ({ command: "speed", quarters: faster(status.speedQuarters) }));
    elements.seek.addEventListener("input", () => {
      this.dragging = true;
      if (this.status) elements.time.textContent = positionText({ ...this.status, tick: Number(elements.seek.value) });
    });
    elements.seek.addEventListener("change", () => {
      this.dragging = false;
      elements.seek.blur();
      if (this.status) this.onCommand({ command: "seek", tick: Number(elements.seek.value) });
    });
    keyTarget.addEventListener("keydown", (event) => this.#key(event));
  }

  /** Shows the bar for a status (the keys work only while it is shown). */
  show(status) {
    const { elements } = this;
    this.status = status;
    elements.root.hidden = false;
    elements.play.textContent = status.paused ? "Play" : "Pause";
    elements.speed.textContent = speedText(status.speedQuarters);
    elements.state.textContent = pauseText(status);
    elements.ending.textContent = status.ending;
    elements.seek.max = String(status.endTick);
    if (!this.dragging) {
      elements.seek.value = String(status.tick);
      elements.time.textContent = positionText(status);
    }
  }

  hide() {
    this.status = null;
    this.dragging = false;
    this.elements.root.hidden = true;
  }

  #key(event) {
    if (!this.status || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    // A focused button presses itself with space: not a second toggle from here.
    if (event.key === " " && event.target instanceof Element && event.target.closest("button")) return;
    const command = commandForKey(event.key, this.status);
    if (!command) return;
    event.preventDefault();
    this.onCommand(command);
  }
}
