// The room's WebSocket with reconnection (qa-sample/PROTOCOL.md, "WebSocket").
//
// States: "connecting" (a connection attempt is under way), "live" (open), "offline"
// (closed, waiting to retry). Retries back off exponentially with jitter: 0.5 s doubling up
// to 30 s, each delay varied by ±50 % and never above 30 s. The back-off starts again from
// 0.5 s once a connection has stayed open for STABLE_MS, and an `online` event (or the tab
// becoming visible again) retries at once.

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
export const BACKOFF_JITTER = 0.5;
export const STABLE_MS = 5_000;
/** The proxy sends `{}` after 20 s of silence; three missed keep-alives mean a dead link. */
export const SILENCE_LIMIT_MS = 70_000;
const OUTBOX_MAX = 50;

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(attempt, 20));
  const factor = 1 + BACKOFF_JITTER * (2 * random() - 1);
  return Math.round(Math.min(BACKOFF_MAX_MS, base * factor));
}

let requestCounter = 0;
/** A request id (at most 64 characters) that ties a server ERROR to the action. */
export function newRequestId() {
  requestCounter += 1;
  return `r${Date.now().toString(36)}-${requestCounter}`;
}

export class RoomSocket extends EventTarget {
  /** @param {() => string} urlFn gives the URL for each attempt */
  constructor(urlFn) {
    super();
    this.urlFn = urlFn;
    this.ws = null;
    this.state = 'offline';
    this.attempt = 0;
    this.stopped = true;
    this.retryTimer = null;
    this.stableTimer = null;
    this.silenceTimer = null;
    this.outbox = [];
    this.retryAt = null;
    this.onOnline = () => this.reconnectNow();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.outbox = [];
    this.dropSocket();
    this.setState('offline');
  }

  /** Retries at once (with a fresh back-off) unless a connection is open or being made. */
  reconnectNow() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.connect();
  }

  /**
   * Sends a message now when live, otherwise queues it for the next connection.
   * @returns {'sent'|'queued'|'dropped'}
   */
  send(message) {
    const text = JSON.stringify(message);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(text);
      return 'sent';
    }
    if (this.stopped || this.outbox.length >= OUTBOX_MAX) return 'dropped';
    this.outbox.push(text);
    return 'queued';
  }

  setState(state) {
    if (this.state === state && state !== 'offline') return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, retryAt: this.retryAt } }));
  }

  connect() {
    this.retryAt = null;
    this.setState('connecting');
    let ws;
    try {
      ws = new WebSocket(this.urlFn());
    } catch (e) {
      this.closed(false, 0, String(e));
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.setState('live');
      clearTimeout(this.stableTimer);
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, STABLE_MS);
      this.armSilence();
      const queued = this.outbox;
      this.outbox = [];
      this.dispatchEvent(new CustomEvent('open'));
      for (const text of queued) ws.send(text);
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.armSilence();
      if (typeof event.data !== 'string') return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
      this.dispatchEvent(new CustomEvent('message', { detail: data }));
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.closed(opened, event.code, event.reason);
    };
    ws.onerror = () => {
      // A close event always follows; nothing to do here.
    };
  }

  armSilence() {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      if (!this.ws) return;
      // No keep-alive for too long: give up on this connection and reconnect.
      this.closed(true, 4000, 'no keep-alive');
    }, SILENCE_LIMIT_MS);
  }

  dropSocket() {
    clearTimeout(this.stableTimer);
    clearTimeout(this.silenceTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000);
      } catch {
        // already closing
      }
    }
  }

  closed(wasOpen, code, reason) {
    this.dropSocket();
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
    this.setState('offline');
    this.dispatchEvent(new CustomEvent('close', { detail: { wasOpen, code, reason, delay } }));
  }
}
