// HTTP API of the Q&A origin (qa-sample/PROTOCOL.md, "HTTP API"). Same origin only.

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0 when the request never got an answer)
   * @param {string} message the server's `error` text, or a description of the failure
   * @param {string|null} field the server's `field`, when one field is at fault
   */
  constructor(status, message, field = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

const enc = encodeURIComponent;

async function request(method, path, body) {
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'The server could not be reached.');
  }
  const text = await response.text().catch(() => '');
  let data = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const message =
      data && typeof data.error === 'string' ? data.error : `Request failed (HTTP ${response.status}).`;
    const field = data && typeof data.field === 'string' ? data.field : null;
    throw new ApiError(response.status, message, field);
  }
  return data;
}

/** POST /api/session: claim or resume a user id. 409 when another browser holds it. */
export function postSession(userId, displayName) {
  const body = { userId };
  if (displayName) body.displayName = displayName;
  return request('POST', '/api/session', body);
}

export function getSession() {
  return request('GET', '/api/session');
}

export function getRoom(roomId) {
  return request('GET', `/api/room/${enc(roomId)}`);
}

/** POST /api/rooms → {roomInfo, hostCode}. */
export function createRoom(roomId) {
  return request('POST', '/api/rooms', { roomId });
}

export function getFullRoom(roomId) {
  return request('GET', `/api/room/${enc(roomId)}/full`);
}

export function getSubscriptions(roomId) {
  return request('GET', `/api/channel/${enc(`room-${roomId}`)}/subscriptions`);
}

export function logUrl(roomId) {
  return `/api/room/${enc(roomId)}/log`;
}

export function webSocketUrl(roomId, hostCode) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  let url = `${scheme}://${location.host}/api/websocket?roomId=${enc(roomId)}`;
  if (hostCode) url += `&hostCode=${enc(hostCode)}`;
  return url;
}
