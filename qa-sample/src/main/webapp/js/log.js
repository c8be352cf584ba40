// The "behind the scenes" panel: the origin's log for this room as Server-Sent Events
// (GET /api/room/{roomId}/log, each event `data: {"time", "text"}`). The EventSource is open
// only while the panel is shown.

import { logUrl } from './api.js';
import { logLine } from './render.js';
import { clockTime } from './time.js';

const MAX_LINES = 500;

export class LogPanel {
  constructor({ toggle, panel, lines, status, clear }) {
    this.toggle = toggle;
    this.panel = panel;
    this.lines = lines;
    this.status = status;
    this.source = null;
    this.roomId = null;
    toggle.addEventListener('click', () => this.setOpen(!this.isOpen()));
    clear.addEventListener('click', () => this.lines.replaceChildren());
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        this.setOpen(false);
        this.toggle.focus();
      }
    });
  }

  isOpen() {
    return this.source !== null;
  }

  /** Points the panel at a room (closing any stream of the previous one). */
  setRoom(roomId) {
    this.setOpen(false);
    this.roomId = roomId;
    this.lines.replaceChildren();
  }

  setOpen(open) {
    if (open && !this.source && this.roomId) {
      this.panel.hidden = false;
      this.toggle.setAttribute('aria-expanded', 'true');
      this.toggle.classList.add('active');
      document.body.classList.add('log-open');
      this.connect();
    } else if (!open) {
      if (this.source) {
        this.source.close();
        this.source = null;
      }
      this.panel.hidden = true;
      this.toggle.setAttribute('aria-expanded', 'false');
      this.toggle.classList.remove('active');
      document.body.classList.remove('log-open');
      this.setStatus('');
    }
  }

  connect() {
    this.setStatus('connecting');
    const source = new EventSource(logUrl(this.roomId));
    this.source = source;
    source.onopen = () => {
      if (this.source === source) this.setStatus('streaming');
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // EventSource retries by itself unless the server refused it outright.
      this.setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    };
    source.onmessage = (event) => {
      if (this.source !== source) return;
      this.add(event.data);
    };
  }

  add(raw) {
    let time = '';
    let text = raw;
    try {
      const data = JSON.parse(raw);
      if (data && typeof data === 'object') {
        if (typeof data.text === 'string') text = data.text;
        if (typeof data.time === 'string') time = clockTime(data.time) || data.time;
      }
    } catch {
      // not JSON: show the raw line
    }
    if (typeof text !== 'string' || text === '') return;
    const nearBottom =
      this.lines.scrollHeight - this.lines.scrollTop - this.lines.clientHeight < 40;
    this.lines.append(logLine(time, text));
    while (this.lines.childElementCount > MAX_LINES) this.lines.firstElementChild.remove();
    if (nearBottom) this.lines.scrollTop = this.lines.scrollHeight;
  }

  setStatus(text) {
    this.status.textContent = text;
    this.status.dataset.state = text;
  }
}
