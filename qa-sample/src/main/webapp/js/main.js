// The Q&A room in the browser: entry form, join flow, and the room wired to its WebSocket.
// Contract: qa-sample/PROTOCOL.md.

import * as api from './api.js';
import { ApiError } from './api.js';
import { RoomSocket, newRequestId } from './socket.js';
import { RoomStore } from './room.js';
import { LogPanel } from './log.js';
import {
  applyTheme,
  buildHostCodeBanner,
  buildRoomEditor,
  enterSubmits,
  refreshTimes,
  renderConnectionCount,
  renderConnectionState,
  renderCounter,
  renderEditRoomButton,
  renderQuestions,
  setFieldError,
  showNotice,
  clearNotices,
} from './render.js';
import {
  LIMITS,
  checkHostCode,
  checkId,
  checkText,
  isValidColor,
} from './validate.js';

const POLL_MS = 15_000;
const TICK_MS = 1_000;
const PENDING_TTL_MS = 60_000;
const VOTE_INTENT_TTL_MS = 10_000;

const $ = (id) => document.getElementById(id);

const dom = {
  notices: $('notices'),
  entry: $('entry'),
  entryForm: $('entry-form'),
  join: $('join'),
  fields: {
    userId: { input: $('user-id'), error: $('user-id-error') },
    displayName: { input: $('display-name'), error: $('display-name-error') },
    roomId: { input: $('room-id'), error: $('room-id-error') },
    hostCode: { input: $('host-code'), error: $('host-code-error') },
  },
  room: $('room'),
  roomName: $('room-name'),
  roomIdLabel: $('room-id-label'),
  editRoomSlot: $('edit-room-slot'),
  roomEditorSlot: $('room-editor-slot'),
  statusPill: $('status-pill'),
  connectionState: $('connection-state'),
  retryInfo: $('retry-info'),
  connectionCount: $('connection-count'),
  connectionCountLabel: $('connection-count-label'),
  myName: $('my-name'),
  editName: $('edit-name'),
  nameEditor: $('name-editor'),
  nameInput: $('name-input'),
  nameError: $('name-error'),
  nameCancel: $('name-cancel'),
  leave: $('leave'),
  hostCodeSlot: $('host-code-slot'),
  list: $('question-list'),
  empty: $('questions-empty'),
  total: $('question-total'),
  questionForm: $('question-form'),
  questionInput: $('question-input'),
  questionCounter: $('question-counter'),
  questionSubmit: $('question-submit'),
};

const log = new LogPanel({
  toggle: $('log-toggle'),
  panel: $('log-panel'),
  lines: $('log-lines'),
  status: $('log-status'),
  clear: $('log-clear'),
});

/** Everything about the room currently joined; null on the entry screen. */
let session = null;

function notice(message, opts) {
  showNotice(dom.notices, message, opts);
}

/** A notice about the entry form; cleared once a room is joined. */
function entryNotice(message) {
  showNotice(dom.notices, message, { scope: 'entry' });
}

// ---------------------------------------------------------------------------------------
// Entry form

function readEntry() {
  const f = dom.fields;
  return {
    userId: f.userId.input.value.trim(),
    displayName: f.displayName.input.value.trim(),
    roomId: f.roomId.input.value.trim(),
    hostCode: f.hostCode.input.value.trim(),
  };
}

function validateEntry(values) {
  const errors = {
    userId: checkId(values.userId, 'user id'),
    displayName:
      values.displayName === '' ? null : checkText(values.displayName, LIMITS.userDisplayName, 'display name'),
    roomId: checkId(values.roomId, 'room id'),
    hostCode: checkHostCode(values.hostCode),
  };
  for (const [name, message] of Object.entries(errors)) {
    const { input, error } = dom.fields[name];
    setFieldError(input, error, message);
  }
  const firstBad = Object.keys(errors).find((name) => errors[name]);
  if (firstBad) dom.fields[firstBad].input.focus();
  return !firstBad;
}

const FIELD_FOR = { userId: 'userId', displayName: 'displayName', roomId: 'roomId', hostCode: 'hostCode' };

function showApiError(e, fallbackField) {
  const field = (e instanceof ApiError && FIELD_FOR[e.field]) || fallbackField;
  if (field && e instanceof ApiError && e.status >= 400 && e.status < 500) {
    const { input, error } = dom.fields[field];
    setFieldError(input, error, e.message);
    input.focus();
  }
  entryNotice(e.message || 'Something went wrong.');
}

// Live re-check of a field once it has been marked invalid.
for (const [name, { input, error }] of Object.entries(dom.fields)) {
  input.addEventListener('input', () => {
    if (input.getAttribute('aria-invalid') !== 'true') return;
    const v = readEntry();
    const message =
      name === 'userId' ? checkId(v.userId, 'user id')
        : name === 'roomId' ? checkId(v.roomId, 'room id')
          : name === 'hostCode' ? checkHostCode(v.hostCode)
            : v.displayName === '' ? null : checkText(v.displayName, LIMITS.userDisplayName, 'display name');
    setFieldError(input, error, message);
  });
}

dom.entryForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = readEntry();
  if (!validateEntry(values)) return;
  dom.join.disabled = true;
  dom.join.textContent = 'Joining…';
  try {
    await join(values);
  } finally {
    dom.join.disabled = false;
    dom.join.textContent = 'Join room';
  }
});

/** POST /api/session, then find or create the room, then enter it. */
async function join({ userId, displayName, roomId, hostCode }) {
  let user;
  try {
    user = await api.postSession(userId, displayName || undefined);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      const message = `That user id is taken. Choose another one.`;
      setFieldError(dom.fields.userId.input, dom.fields.userId.error, message);
      dom.fields.userId.input.focus();
      entryNotice(`"${userId}": user id is taken. Choose another one.`);
    } else {
      showApiError(e, e instanceof ApiError && e.status === 400 ? 'userId' : null);
    }
    return;
  }
  if (!user || typeof user.id !== 'string') user = { id: userId, displayName: displayName || userId };

  let roomInfo = null;
  let createdCode = null;
  try {
    roomInfo = await api.getRoom(roomId);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) {
      showApiError(e, null);
      return;
    }
    try {
      const created = await api.createRoom(roomId);
      roomInfo = created && created.roomInfo;
      createdCode = created && typeof created.hostCode === 'string' ? created.hostCode : null;
    } catch (e2) {
      // Someone else created it a moment ago: join it like any existing room.
      if (e2 instanceof ApiError && e2.status === 400 && e2.field === 'roomId' && /exist/i.test(e2.message)) {
        roomInfo = null;
      } else {
        showApiError(e2, e2 instanceof ApiError && e2.status === 400 ? 'roomId' : null);
        return;
      }
    }
  }
  if (createdCode) dom.fields.hostCode.input.value = '';
  enterRoom({
    user,
    wantedName: displayName && displayName !== user.displayName ? displayName : null,
    roomId,
    roomInfo,
    hostCode: createdCode || hostCode || null,
    createdCode,
  });
}

// ---------------------------------------------------------------------------------------
// The room

function enterRoom({ user, wantedName, roomId, roomInfo, hostCode, createdCode }) {
  const store = new RoomStore(roomId, user.id);
  store.putUser(user);
  if (roomInfo) {
    store.apply({ type: 'ROOMINFO_UPDATE_PASSIVE', roomInfo });
  }
  session = {
    store,
    roomId,
    userId: user.id,
    hostCode,
    hostCodeIssued: Boolean(createdCode),
    wantedName,
    socket: null,
    everLive: false,
    failedOpens: 0,
    loading: false,
    reloadAgain: false,
    buffer: [],
    pending: new Map(),
    ui: { answeringId: null, answerDrafts: new Map(), voteIntent: new Map(), voteTimers: new Map() },
    pollTimer: null,
    tickTimer: null,
    roomEditor: null,
    closed: false,
  };

  clearNotices(dom.notices, 'entry');
  for (const f of Object.values(dom.fields)) setFieldError(f.input, f.error, null);
  dom.entry.hidden = true;
  dom.room.hidden = false;
  dom.roomIdLabel.textContent = roomId;
  document.title = `${store.roomInfo.displayName} · Realtime Q&A`;
  log.setRoom(roomId);
  closeNameEditor(false);
  dom.questionInput.value = '';
  updateQuestionCounter();
  dom.list.replaceChildren();
  dom.list.cards = new Map();
  dom.list.rendered = false;

  dom.hostCodeSlot.replaceChildren();
  if (createdCode) {
    dom.hostCodeSlot.append(
      buildHostCodeBanner(createdCode, {
        onCopy: copyText,
        onDismiss() {
          dom.hostCodeSlot.replaceChildren();
          dom.questionInput.focus();
        },
      }),
    );
  }

  renderAll();
  renderConnectionCount(dom.connectionCount, dom.connectionCountLabel, null);

  const socket = new RoomSocket(() => api.webSocketUrl(roomId, session.hostCode));
  session.socket = socket;
  socket.addEventListener('state', (event) => {
    renderConnectionState(dom.connectionState, dom.statusPill, dom.retryInfo, event.detail.state, event.detail.retryAt);
  });
  socket.addEventListener('open', onSocketOpen);
  socket.addEventListener('message', (event) => onMessage(event.detail));
  socket.addEventListener('close', (event) => onSocketClose(event.detail));
  socket.start();

  session.pollTimer = setInterval(pollConnections, POLL_MS);
  session.tickTimer = setInterval(() => {
    refreshTimes(dom.list);
    if (socket.state === 'offline') {
      renderConnectionState(dom.connectionState, dom.statusPill, dom.retryInfo, socket.state, socket.retryAt);
    }
  }, TICK_MS);
  pollConnections();
  dom.questionInput.focus();
}

function leaveRoom(message) {
  if (!session) return;
  const s = session;
  s.closed = true;
  session = null;
  s.socket.stop();
  clearInterval(s.pollTimer);
  clearInterval(s.tickTimer);
  for (const timer of s.ui.voteTimers.values()) clearTimeout(timer);
  log.setRoom(null);
  closeRoomEditor(false);
  closeNameEditor(false);
  dom.hostCodeSlot.replaceChildren();
  dom.room.hidden = true;
  dom.entry.hidden = false;
  dom.room.removeAttribute('style');
  document.title = 'Realtime Q&A';
  clearNotices(dom.notices, '');
  if (message) entryNotice(message);
  dom.fields.roomId.input.focus();
}

dom.leave.addEventListener('click', () => leaveRoom(null));

function renderAll() {
  if (!session) return;
  const { store, ui } = session;
  const info = store.roomInfo;
  dom.roomName.textContent = info.displayName;
  if (isValidColor(info.themeColor)) applyTheme(dom.room, info.themeColor);
  document.title = `${info.displayName} · Realtime Q&A`;
  dom.myName.textContent = store.displayName(store.userId);
  const isHost = store.role === 'host';
  renderEditRoomButton(dom.editRoomSlot, isHost, Boolean(session.roomEditor), toggleRoomEditor);
  if (!isHost) closeRoomEditor(false);
  dom.room.dataset.role = store.role || 'unknown';
  renderQuestions(dom.list, dom.empty, dom.total, { store, ui, handlers });
  renderConnectionCount(dom.connectionCount, dom.connectionCountLabel, store.connections);
}

// --- connection lifecycle --------------------------------------------------------------

function onSocketOpen() {
  const s = session;
  if (!s) return;
  s.everLive = true;
  s.failedOpens = 0;
  reloadFull();
  pollConnections();
}

/** GET /full and re-render from it; messages that arrive meanwhile are applied after it. */
async function reloadFull() {
  const s = session;
  if (!s) return;
  if (s.loading) {
    s.reloadAgain = true;
    return;
  }
  s.loading = true;
  s.buffer = [];
  let retry = false;
  try {
    const full = await api.getFullRoom(s.roomId);
    if (s.closed) return;
    s.store.loadFull(full);
    const buffered = s.buffer;
    s.buffer = [];
    for (const msg of buffered) s.store.apply(msg);
    pruneUi();
    for (const id of [...s.ui.voteIntent.keys()]) settleVote(id);
  } catch (e) {
    if (s.closed) return;
    if (e instanceof ApiError && e.status === 404) {
      leaveRoom(`The room "${s.roomId}" no longer exists.`);
      return;
    }
    // Apply what arrived meanwhile and try the snapshot again shortly.
    for (const msg of s.buffer) s.store.apply(msg);
    s.buffer = [];
    retry = true;
  } finally {
    s.loading = false;
  }
  renderAll();
  if (s.reloadAgain) {
    s.reloadAgain = false;
    reloadFull();
  } else if (retry) {
    setTimeout(() => {
      if (session === s && s.socket.state === 'live') reloadFull();
    }, 3000);
  }
}

let reloadSoonTimer = null;
function reloadSoon() {
  clearTimeout(reloadSoonTimer);
  reloadSoonTimer = setTimeout(reloadFull, 250);
}

/** Drops UI state that points at questions that are gone. */
function pruneUi() {
  const { store, ui } = session;
  if (ui.answeringId && !store.questions.has(ui.answeringId)) ui.answeringId = null;
  for (const id of ui.answerDrafts.keys()) if (!store.questions.has(id)) ui.answerDrafts.delete(id);
  for (const id of [...ui.voteIntent.keys()]) if (!store.questions.has(id)) clearVoteIntent(id);
}

async function onSocketClose({ wasOpen }) {
  const s = session;
  if (!s) return;
  if (wasOpen) return;
  // The handshake was refused or the server is unreachable. The browser does not show the
  // HTTP status, so ask the API what is wrong: 401 no session, 404 no room, 403 host code.
  s.failedOpens += 1;
  try {
    await api.getSession();
  } catch (e) {
    if (session !== s) return;
    if (e instanceof ApiError && e.status === 401) {
      try {
        await api.postSession(s.userId, undefined);
      } catch (e2) {
        if (session !== s) return;
        if (e2 instanceof ApiError && e2.status === 409) {
          leaveRoom(`Your session ended and the user id "${s.userId}" is now taken by another browser.`);
        }
      }
    }
    return;
  }
  if (session !== s) return;
  try {
    await api.getRoom(s.roomId);
  } catch (e) {
    if (session !== s) return;
    if (e instanceof ApiError && e.status === 404) leaveRoom(`The room "${s.roomId}" does not exist.`);
    return;
  }
  if (session !== s) return;
  // Session and room are fine, so a typed host code is the likely reason (403). A code this
  // browser was just issued is right by construction, so that case only keeps retrying.
  if (s.hostCode && !s.hostCodeIssued && !s.everLive && s.failedOpens >= 2) {
    const code = s.hostCode;
    leaveRoom('The host code was not accepted for this room (the connection was refused).');
    const { input, error } = dom.fields.hostCode;
    input.value = code;
    setFieldError(input, error, 'This host code was not accepted. Check it, or leave it empty to join as a guest.');
    input.focus();
  }
}

async function pollConnections() {
  const s = session;
  if (!s) return;
  try {
    const data = await api.getSubscriptions(s.roomId);
    if (session !== s || !data) return;
    if (s.store.setConnections(data.count)) {
      renderConnectionCount(dom.connectionCount, dom.connectionCountLabel, s.store.connections);
    }
  } catch {
    // The next poll or a CONNECTIONS_UPDATE_PASSIVE will do.
  }
}

// --- messages from the server ------------------------------------------------------------

function onMessage(msg) {
  const s = session;
  if (!s || typeof msg.type !== 'string') return;
  if (msg.type === 'ERROR') {
    onServerError(msg);
    return;
  }
  if (msg.type === 'WELCOME') {
    if (typeof msg.userId === 'string' && msg.userId !== s.userId) {
      notice(`This browser's session now belongs to "${msg.userId}" (another tab signed in). Reload to continue.`);
    }
    s.store.apply(msg);
    if (s.wantedName) {
      const name = s.wantedName;
      s.wantedName = null;
      sendAction(
        { type: 'USERINFO_UPDATE', userId: s.userId, userData: { displayName: name } },
        'Your display name was not changed',
      );
    }
    renderAll();
    return;
  }
  if (s.loading) {
    s.buffer.push(msg);
    return;
  }
  const result = s.store.apply(msg);
  if (msg.type === 'QUESTION_UPVOTE_PASSIVE' && typeof msg.questionId === 'string') settleVote(msg.questionId);
  if (msg.type === 'QUESTION_DELETE_PASSIVE') pruneUi();
  if (result.reload) reloadSoon();
  if (result.changed) renderAll();
}

function onServerError(msg) {
  const s = session;
  const requestId = typeof msg.for === 'string' ? msg.for : null;
  const pending = requestId ? s.pending.get(requestId) : undefined;
  if (pending) s.pending.delete(requestId);
  const text = typeof msg.message === 'string' && msg.message ? msg.message : 'The server refused the request.';
  const code = typeof msg.code === 'string' ? msg.code : null;
  notice(pending ? `${pending.label}: ${text}` : text, { code, requestId });
  if (pending && pending.onError) pending.onError(msg);
}

// --- actions -------------------------------------------------------------------------------

const encoder = new TextEncoder();

/**
 * Sends a client message with a fresh requestId so an ERROR can be tied to this action.
 * @returns {boolean} false when it could not be sent (and the user was told)
 */
function sendAction(message, label, onError) {
  const s = session;
  if (!s) return false;
  const now = Date.now();
  for (const [id, p] of s.pending) if (now - p.at > PENDING_TTL_MS) s.pending.delete(id);
  const requestId = newRequestId();
  const full = { ...message, requestId };
  if (encoder.encode(JSON.stringify(full)).length > LIMITS.messageBytes) {
    notice(`${label}: the message is larger than 16 KiB.`);
    if (onError) onError(null);
    return false;
  }
  s.pending.set(requestId, { label, onError, at: now });
  const result = s.socket.send(full);
  if (result === 'dropped') {
    s.pending.delete(requestId);
    notice(`${label}: not connected. Try again once the room is live.`);
    if (onError) onError(null);
    return false;
  }
  return true;
}

function randomQuestionId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function updateQuestionCounter() {
  const n = renderCounter(dom.questionCounter, dom.questionInput.value, LIMITS.questionText);
  dom.questionSubmit.disabled = n === 0 || n > LIMITS.questionText;
}

dom.questionInput.addEventListener('input', updateQuestionCounter);
dom.questionInput.addEventListener('change', updateQuestionCounter);
enterSubmits(dom.questionInput);

dom.questionForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const s = session;
  if (!s) return;
  const raw = dom.questionInput.value;
  const problem = checkText(raw, LIMITS.questionText, 'question');
  if (problem) {
    notice(problem);
    return;
  }
  const questionText = raw.trim();
  const sent = sendAction(
    { type: 'QUESTION_POST_TO_ROOM', roomId: s.roomId, userId: s.userId, questionId: randomQuestionId(), questionText },
    'Your question was not posted',
    () => {
      // Give the text back so nothing typed is lost.
      if (session === s && dom.questionInput.value.trim() === '') {
        dom.questionInput.value = questionText;
        updateQuestionCounter();
      }
    },
  );
  if (sent) {
    dom.questionInput.value = '';
    updateQuestionCounter();
  }
});

function clearVoteIntent(questionId) {
  const { ui } = session;
  ui.voteIntent.delete(questionId);
  clearTimeout(ui.voteTimers.get(questionId));
  ui.voteTimers.delete(questionId);
}

/** Once the server's vote list agrees with what this user asked for, drop the intent. */
function settleVote(questionId) {
  const { store, ui } = session;
  const q = store.questions.get(questionId);
  if (!ui.voteIntent.has(questionId)) return;
  if (!q || store.hasVoted(q) === ui.voteIntent.get(questionId)) clearVoteIntent(questionId);
}

const handlers = {
  onVote(questionId) {
    const s = session;
    if (!s) return;
    const q = s.store.questions.get(questionId);
    if (!q) return;
    const { ui } = s;
    const current = ui.voteIntent.has(questionId) ? ui.voteIntent.get(questionId) : s.store.hasVoted(q);
    const want = !current;
    const sent = sendAction(
      { type: 'QUESTION_UPVOTE', roomId: s.roomId, userId: s.userId, questionId, removeUpvote: !want },
      want ? 'Your upvote was not counted' : 'Your upvote was not taken back',
      () => {
        if (session !== s) return;
        clearVoteIntent(questionId);
        renderAll();
      },
    );
    if (!sent) return;
    if (want === s.store.hasVoted(q)) clearVoteIntent(questionId);
    else {
      ui.voteIntent.set(questionId, want);
      clearTimeout(ui.voteTimers.get(questionId));
      ui.voteTimers.set(
        questionId,
        setTimeout(() => {
          if (session !== s) return;
          clearVoteIntent(questionId);
          renderAll();
        }, VOTE_INTENT_TTL_MS),
      );
    }
    renderAll();
  },

  onAnswerOpen(questionId) {
    const s = session;
    if (!s || s.store.role !== 'host') return;
    s.ui.answeringId = s.ui.answeringId === questionId ? null : questionId;
    renderAll();
    if (s.ui.answeringId === null) focusInCard(questionId, '[data-testid="answer-button"]');
  },

  onAnswerClose(questionId) {
    const s = session;
    if (!s) return;
    if (s.ui.answeringId === questionId) s.ui.answeringId = null;
    renderAll();
    focusInCard(questionId, '[data-testid="answer-button"]');
  },

  onAnswerSubmit(questionId, raw, { input, error }) {
    const s = session;
    if (!s || s.store.role !== 'host') return;
    const problem = checkText(raw, LIMITS.answerText, 'answer');
    setFieldError(input, error, problem);
    if (problem) return;
    const answerText = raw.trim();
    const sent = sendAction(
      { type: 'QUESTION_POST_ANSWER', roomId: s.roomId, questionId, answerAuthor: s.userId, answerText },
      'Your answer was not posted',
      () => {
        if (session !== s || !s.store.questions.has(questionId)) return;
        s.ui.answerDrafts.set(questionId, answerText);
        s.ui.answeringId = questionId;
        renderAll();
      },
    );
    if (sent) {
      s.ui.answerDrafts.delete(questionId);
      s.ui.answeringId = null;
      renderAll();
      focusInCard(questionId, '[data-testid="upvote"]');
    }
  },

  onDelete(questionId) {
    const s = session;
    if (!s || s.store.role !== 'host') return;
    sendAction({ type: 'QUESTION_DELETE', roomId: s.roomId, questionId }, 'The question was not deleted');
  },
};

function focusInCard(questionId, selector) {
  const card = dom.list.cards && dom.list.cards.get(questionId);
  const target = card && card.querySelector(selector);
  if (target) target.focus();
}

// --- room editor (hosts) ---------------------------------------------------------------------

function toggleRoomEditor() {
  if (!session) return;
  if (session.roomEditor) closeRoomEditor(true);
  else openRoomEditor();
}

function openRoomEditor() {
  const s = session;
  if (!s || s.store.role !== 'host') return;
  closeNameEditor(false);
  const form = buildRoomEditor(s.store.roomInfo, {
    onSave({ displayName, themeColor, nameInput, nameError, themeInput, themeError }) {
      const nameProblem = checkText(displayName, LIMITS.roomDisplayName, 'room name');
      const colorProblem = isValidColor(themeColor) ? null : 'Use a colour like #038cfc (# and six hex digits).';
      setFieldError(nameInput, nameError, nameProblem);
      setFieldError(themeInput, themeError, colorProblem);
      if (nameProblem) {
        nameInput.focus();
        return;
      }
      if (colorProblem) {
        themeInput.focus();
        return;
      }
      const roomData = {};
      const name = displayName.trim();
      if (name !== s.store.roomInfo.displayName) roomData.displayName = name;
      if (themeColor !== s.store.roomInfo.themeColor) roomData.themeColor = themeColor;
      if (Object.keys(roomData).length > 0) {
        sendAction({ type: 'ROOMINFO_UPDATE', roomId: s.roomId, roomData }, 'The room was not updated');
      }
      closeRoomEditor(true);
    },
    onCancel() {
      closeRoomEditor(true);
    },
  });
  s.roomEditor = form;
  dom.roomEditorSlot.replaceChildren(form);
  renderAll();
  form.focusFirst();
}

function closeRoomEditor(focusButton) {
  if (!session || !session.roomEditor) {
    dom.roomEditorSlot.replaceChildren();
    return;
  }
  session.roomEditor = null;
  dom.roomEditorSlot.replaceChildren();
  const button = renderEditRoomButton(dom.editRoomSlot, session.store.role === 'host', false, toggleRoomEditor);
  if (focusButton && button) button.focus();
}

// --- own display name ------------------------------------------------------------------------

function openNameEditor() {
  if (!session) return;
  closeRoomEditor(false);
  dom.nameInput.value = session.store.displayName(session.userId);
  setFieldError(dom.nameInput, dom.nameError, null);
  dom.nameEditor.hidden = false;
  dom.editName.setAttribute('aria-expanded', 'true');
  dom.nameInput.focus();
  dom.nameInput.select();
}

function closeNameEditor(focusButton) {
  const wasOpen = !dom.nameEditor.hidden;
  dom.nameEditor.hidden = true;
  dom.editName.setAttribute('aria-expanded', 'false');
  if (focusButton && wasOpen) dom.editName.focus();
}

dom.editName.addEventListener('click', () => {
  if (dom.nameEditor.hidden) openNameEditor();
  else closeNameEditor(true);
});
dom.nameCancel.addEventListener('click', () => closeNameEditor(true));
dom.nameEditor.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    closeNameEditor(true);
  }
});
dom.nameEditor.addEventListener('submit', (event) => {
  event.preventDefault();
  const s = session;
  if (!s) return;
  const raw = dom.nameInput.value;
  const problem = checkText(raw, LIMITS.userDisplayName, 'display name');
  setFieldError(dom.nameInput, dom.nameError, problem);
  if (problem) {
    dom.nameInput.focus();
    return;
  }
  const displayName = raw.trim();
  if (displayName !== s.store.displayName(s.userId)) {
    sendAction(
      { type: 'USERINFO_UPDATE', userId: s.userId, userData: { displayName } },
      'Your display name was not changed',
    );
  }
  closeNameEditor(true);
});

// --- host code, shown once -------------------------------------------------------------------

/** Copies the text of `node`; true when it worked. */
async function copyText(node) {
  const text = node.textContent;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy way
  }
  // Plain-http hosts have no async clipboard: select the code and use the copy command.
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

// --- start -----------------------------------------------------------------------------------

(function prefill() {
  // A shared link like /?room=alpha fills in the room id.
  const room = new URLSearchParams(location.search).get('room');
  if (room && !checkId(room, 'room id')) dom.fields.roomId.input.value = room;
})();
