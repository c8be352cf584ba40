// SAFETY: everything in this file that comes from users or the server (question and answer
// texts, names, ids, server messages) is inserted as text only, through `textContent` or
// `document.createTextNode`. Nothing here uses `innerHTML`, `insertAdjacentHTML`,
// `outerHTML` or `document.write`, and nothing may: markup is built with `createElement`.
// Colours from the server are checked against /^#[0-9a-f]{6}$/ before they reach a style.

import {
  THEME_COLORS,
  LIMITS,
  isValidColor,
  readableOnWhite,
  codePointLength,
} from './validate.js';
import { relativeTime, absoluteTime } from './time.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. `props` keys: `class`, `text`, `dataset` (object), `on` (object of
 * listeners), anything else is set as an attribute (false/null skip it).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** An icon from the sprite in index.html. */
export function icon(name, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', cls);
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const numberFormat = new Intl.NumberFormat('en');
export function formatCount(n) {
  return numberFormat.format(n);
}

/** A <time> element that `refreshTimes` keeps up to date. */
function timeElement(iso) {
  const t = el('time', { class: 'rel-time' });
  setTime(t, iso);
  return t;
}

function setTime(node, iso) {
  const value = iso || '';
  if (node.dataset.ts !== value) {
    node.dataset.ts = value;
    if (value) node.setAttribute('datetime', value);
    node.title = absoluteTime(value);
  }
  setText(node, relativeTime(value));
}

/** Updates every relative time under `root`. */
export function refreshTimes(root, now = Date.now()) {
  for (const node of root.querySelectorAll('time.rel-time')) {
    setText(node, relativeTime(node.dataset.ts, now));
  }
}

// ---------------------------------------------------------------------------------------
// Theme and header

/** Applies a theme colour (validated) to the room: CSS variables only. */
export function applyTheme(root, color) {
  if (!isValidColor(color)) return;
  const heading = readableOnWhite(color, 3); // large text: 3:1
  const strong = readableOnWhite(color, 4.5); // fills behind small white text: 4.5:1
  root.style.setProperty('--theme', color);
  root.style.setProperty('--theme-heading', heading);
  root.style.setProperty('--theme-strong', strong);
  root.dataset.themeColor = color;
}

export function renderConnectionState(stateEl, pillEl, retryEl, state, retryAt) {
  setText(stateEl, state);
  pillEl.dataset.state = state;
  if (state === 'offline' && retryAt) {
    const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
    setText(retryEl, seconds > 0 ? `retrying in ${seconds} s` : 'retrying…');
  } else {
    setText(retryEl, '');
  }
}

export function renderConnectionCount(countEl, labelEl, count) {
  if (typeof count !== 'number') {
    setText(countEl, '–');
    setText(labelEl, 'connected');
    return;
  }
  setText(countEl, String(count));
  setText(labelEl, 'connected');
}

/** The pencil next to the room name: present only for hosts. */
export function renderEditRoomButton(slot, isHost, expanded, onClick) {
  let button = slot.querySelector('button');
  if (!isHost) {
    if (button) button.remove();
    return null;
  }
  if (!button) {
    button = el(
      'button',
      {
        class: 'icon-button',
        type: 'button',
        id: 'edit-room',
        'data-testid': 'edit-room',
        'aria-label': 'Edit the room name and theme colour',
        'aria-controls': 'room-editor',
        on: { click: onClick },
      },
      icon('pencil'),
    );
    slot.append(button);
  }
  button.setAttribute('aria-expanded', String(expanded));
  return button;
}

// ---------------------------------------------------------------------------------------
// Notices

const MAX_NOTICES = 4;

/** A dismissible, non-blocking error notice (role=alert). */
export function showNotice(container, message, { code = null, requestId = null, scope = '' } = {}) {
  for (const existing of container.querySelectorAll('.notice')) {
    if (existing.dataset.message === message) existing.remove();
  }
  const text = el('p', { class: 'notice-text', text: message });
  const close = el(
    'button',
    { class: 'icon-button notice-close', type: 'button', 'aria-label': 'Dismiss this message' },
    icon('close'),
  );
  const notice = el(
    'div',
    {
      class: 'notice',
      role: 'alert',
      'data-testid': 'error-notice',
      dataset: { message, code: code || '', for: requestId || '', scope },
    },
    text,
    close,
  );
  close.addEventListener('click', () => notice.remove());
  notice.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') notice.remove();
  });
  container.append(notice);
  const all = container.querySelectorAll('.notice');
  for (let i = 0; i < all.length - MAX_NOTICES; i++) all[i].remove();
  return notice;
}

/** Removes the notices of one scope (for example the entry form's, once a room is joined). */
export function clearNotices(container, scope) {
  for (const n of container.querySelectorAll('.notice')) if (n.dataset.scope === scope) n.remove();
}

// ---------------------------------------------------------------------------------------
// Host code, shown once

/**
 * The banner with the host code of a room this browser just created. It exists only until
 * dismissed (or the room is left); the code is never stored or shown again.
 */
export function buildHostCodeBanner(code, { onCopy, onDismiss }) {
  const codeEl = el('code', { id: 'host-code-once', class: 'host-code', 'data-testid': 'host-code-once', text: code });
  const status = el('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
  const copy = el('button', { class: 'button', type: 'button', 'data-testid': 'host-code-copy', text: 'Copy' });
  const dismiss = el('button', { class: 'button', type: 'button', text: 'I have saved it' });
  const banner = el(
    'section',
    { id: 'host-code-banner', class: 'host-banner', 'aria-labelledby': 'host-code-title' },
    el('h2', { id: 'host-code-title', text: 'You created this room and are its host' }),
    el('p', { class: 'host-code-line' }, el('span', { text: 'Host code:' }), codeEl, copy, status),
    el(
      'p',
      { class: 'note' },
      el('strong', { text: 'This code is shown only once.' }),
      ' Copy it now: you need it to join this room as host again (after leaving, from another ' +
        'browser or device), and you can share it with co-hosts.',
    ),
    dismiss,
  );
  copy.addEventListener('click', async () => {
    const ok = await onCopy(codeEl);
    status.textContent = ok ? 'Copied.' : 'Select the code and copy it by hand.';
  });
  dismiss.addEventListener('click', () => onDismiss());
  return banner;
}

// ---------------------------------------------------------------------------------------
// Form helpers

/** Shows or clears a field's error (aria-invalid plus the text in its error element). */
export function setFieldError(input, errorEl, message) {
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    errorEl.textContent = message;
    errorEl.hidden = false;
  } else {
    input.removeAttribute('aria-invalid');
    errorEl.textContent = '';
    errorEl.hidden = true;
  }
}

/** "123 / 1,000", marked when over the limit. */
export function renderCounter(counterEl, text, max) {
  const n = codePointLength(text.trim());
  setText(counterEl, `${formatCount(n)} / ${formatCount(max)}`);
  counterEl.classList.toggle('over', n > max);
  return n;
}

/** Enter submits, Shift+Enter inserts a newline, for a textarea in a form. */
export function enterSubmits(textarea) {
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const submit = textarea.form.querySelector('button[type="submit"]');
      if (!submit || !submit.disabled) textarea.form.requestSubmit(submit || undefined);
    }
  });
}

// ---------------------------------------------------------------------------------------
// Room editor (hosts)

/**
 * @param {{displayName: string, themeColor: string}} roomInfo
 * @param {{onSave: (data: {displayName: string, themeColor: string}) => void, onCancel: () => void}} handlers
 */
export function buildRoomEditor(roomInfo, handlers) {
  const nameInput = el('input', {
    id: 'room-name-input',
    'data-testid': 'room-name-input',
    type: 'text',
    autocomplete: 'off',
    'aria-describedby': 'room-name-hint room-name-error',
  });
  nameInput.value = roomInfo.displayName;
  const nameError = el('p', { id: 'room-name-error', class: 'field-error', hidden: true });

  const themeInput = el('input', {
    id: 'theme-input',
    'data-testid': 'theme-input',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
    maxlength: '7',
    placeholder: '#rrggbb',
    'aria-describedby': 'theme-hint theme-error',
  });
  themeInput.value = roomInfo.themeColor;
  const themeError = el('p', { id: 'theme-error', class: 'field-error', hidden: true });
  const preview = el('span', { class: 'theme-preview', 'aria-hidden': 'true' });

  const swatches = el('div', { class: 'swatches' });
  const radios = [];
  for (const { value, name } of THEME_COLORS) {
    const radio = el('input', {
      type: 'radio',
      name: 'theme-swatch',
      value,
      class: 'swatch-input',
      'data-testid': 'theme-swatch',
    });
    const color = el('span', { class: 'swatch-color', 'aria-hidden': 'true' });
    color.style.backgroundColor = value; // a constant from THEME_COLORS
    const label = el('label', { class: 'swatch', title: `${name} ${value}` }, radio, color,
      el('span', { class: 'visually-hidden', text: `${name} (${value})` }));
    radio.addEventListener('change', () => {
      if (radio.checked) {
        themeInput.value = value;
        sync();
      }
    });
    radios.push(radio);
    swatches.append(label);
  }

  function sync() {
    const value = themeInput.value.trim().toLowerCase();
    for (const radio of radios) radio.checked = radio.value === value;
    if (isValidColor(value)) {
      preview.style.backgroundColor = value;
      preview.classList.remove('invalid');
    } else {
      preview.style.backgroundColor = '';
      preview.classList.add('invalid');
    }
  }
  themeInput.addEventListener('input', sync);
  sync();

  const save = el('button', {
    id: 'room-save',
    class: 'button primary',
    'data-testid': 'room-save',
    type: 'submit',
    text: 'Save',
  });
  const cancel = el('button', { class: 'button', type: 'button', text: 'Cancel' });

  const form = el(
    'form',
    { id: 'room-editor', class: 'editor', 'aria-label': 'Room name and theme colour', novalidate: true },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'room-name-input', text: 'Room name' }),
      nameInput,
      el('p', { id: 'room-name-hint', class: 'hint', text: `1 to ${LIMITS.roomDisplayName} characters.` }),
      nameError,
    ),
    el(
      'fieldset',
      { class: 'field theme-field' },
      el('legend', { text: 'Theme colour' }),
      swatches,
      el(
        'div',
        { class: 'theme-custom' },
        el('label', { for: 'theme-input', text: 'Colour code' }),
        el('div', { class: 'theme-input-row' }, preview, themeInput),
      ),
      el('p', { id: 'theme-hint', class: 'hint', text: 'Pick a swatch or type any #rrggbb colour.' }),
      themeError,
    ),
    el('div', { class: 'editor-actions' }, save, cancel),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onSave({
      displayName: nameInput.value,
      themeColor: themeInput.value.trim().toLowerCase(),
      nameInput,
      nameError,
      themeInput,
      themeError,
    });
  });
  cancel.addEventListener('click', () => handlers.onCancel());
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      handlers.onCancel();
    }
  });
  form.focusFirst = () => {
    nameInput.focus();
    nameInput.select();
  };
  return form;
}

// ---------------------------------------------------------------------------------------
// Question cards

function buildCard(id, handlers) {
  const text = el('p', { class: 'q-text', 'data-testid': 'question-text' });
  const author = el('strong', { class: 'q-author' });
  const askedTime = timeElement(null);
  const meta = el('p', { class: 'q-meta' }, 'asked by ', author, ' (', askedTime, ')');
  const voteCount = el('span', { class: 'vote-count', 'data-testid': 'vote-count' });
  const upvote = el(
    'button',
    { class: 'vote', type: 'button', 'data-testid': 'upvote', 'aria-pressed': 'false' },
    voteCount,
    icon('thumb', 'icon thumb'),
  );
  upvote.addEventListener('click', () => handlers.onVote(id));
  const head = el('div', { class: 'q-head' }, el('div', { class: 'q-body' }, text, meta), el('div', { class: 'q-side' }, upvote));
  const card = el('li', { class: 'question', 'data-testid': 'question', dataset: { questionId: id } }, head);
  card.parts = { head, text, author, askedTime, voteCount, upvote, badge: null, answer: null, actions: null, editor: null };
  return card;
}

function ensureBadge(card, answered) {
  const p = card.parts;
  if (answered && !p.badge) {
    p.badge = el('span', { class: 'badge', 'data-testid': 'answered-badge', text: 'ANSWERED' });
    card.prepend(p.badge);
  } else if (!answered && p.badge) {
    p.badge.remove();
    p.badge = null;
  }
}

function ensureAnswer(card, q, store) {
  const p = card.parts;
  const answered = q.answerText !== null;
  if (!answered) {
    if (p.answer) p.answer.remove();
    p.answer = null;
    return;
  }
  if (!p.answer) {
    const text = el('p', { class: 'a-text', 'data-testid': 'answer-text' });
    const by = el('strong', { class: 'a-author' });
    const when = timeElement(null);
    const block = el(
      'div',
      { class: 'q-answer' },
      el('p', { class: 'a-label', text: 'Response:' }),
      el('div', { class: 'a-body' }, text, el('p', { class: 'a-by' }, '—', by, ' ', when)),
    );
    block.parts = { text, by, when };
    p.head.after(block);
    p.answer = block;
  }
  const a = p.answer.parts;
  setText(a.text, q.answerText);
  const author = q.answerAuthor ? store.displayName(q.answerAuthor) : 'the host';
  setText(a.by, author);
  a.by.title = q.answerAuthor || '';
  setTime(a.when, q.answerTimestamp);
}

function ensureActions(card, q, isHost, ui, handlers) {
  const p = card.parts;
  if (!isHost) {
    if (p.actions) p.actions.remove();
    p.actions = null;
    return;
  }
  if (!p.actions) {
    const answerButton = el('button', {
      class: 'button small',
      type: 'button',
      'data-testid': 'answer-button',
      'aria-expanded': 'false',
      on: { click: () => handlers.onAnswerOpen(q.id) },
    });
    const deleteButton = el('button', {
      class: 'button small danger',
      type: 'button',
      'data-testid': 'delete-button',
      text: 'Delete',
      on: { click: () => handlers.onDelete(q.id) },
    });
    p.actions = el('div', { class: 'q-actions' }, answerButton, deleteButton);
    p.actions.parts = { answerButton, deleteButton };
    card.append(p.actions);
  }
  const { answerButton, deleteButton } = p.actions.parts;
  const answered = q.answerText !== null;
  setText(answerButton, answered ? 'Edit answer' : 'Answer');
  answerButton.setAttribute('aria-expanded', String(ui.answeringId === q.id));
  answerButton.setAttribute('aria-label', `${answered ? 'Edit the answer to' : 'Answer'}: ${q.questionText.slice(0, 80)}`);
  deleteButton.setAttribute('aria-label', `Delete the question: ${q.questionText.slice(0, 80)}`);
}

function buildAnswerEditor(q, ui, handlers) {
  const inputId = `answer-input-${q.id}`;
  const input = el('textarea', {
    id: inputId,
    class: 'answer-input',
    'data-testid': 'answer-input',
    rows: '3',
    'aria-describedby': `${inputId}-counter ${inputId}-error`,
  });
  input.value = ui.answerDrafts.get(q.id) ?? q.answerText ?? '';
  const counter = el('span', { id: `${inputId}-counter`, class: 'counter' });
  const error = el('p', { id: `${inputId}-error`, class: 'field-error', hidden: true });
  const submit = el('button', {
    class: 'button primary small',
    type: 'submit',
    'data-testid': 'answer-submit',
    text: 'Post answer',
  });
  const cancel = el('button', { class: 'button small', type: 'button', text: 'Cancel' });
  const form = el(
    'form',
    { class: 'answer-editor', novalidate: true, 'aria-label': 'Answer this question' },
    el('label', { for: inputId, text: 'Your answer' }),
    input,
    error,
    el('div', { class: 'answer-foot' }, counter, el('span', { class: 'spacer' }), submit, cancel),
  );
  const update = () => {
    ui.answerDrafts.set(q.id, input.value);
    const n = renderCounter(counter, input.value, LIMITS.answerText);
    submit.disabled = n === 0 || n > LIMITS.answerText;
  };
  input.addEventListener('input', update);
  input.addEventListener('change', update);
  update();
  enterSubmits(input);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onAnswerSubmit(q.id, input.value, { input, error });
  });
  cancel.addEventListener('click', () => handlers.onAnswerClose(q.id));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      handlers.onAnswerClose(q.id);
    }
  });
  form.parts = { input };
  return form;
}

function ensureEditor(card, q, isHost, ui, handlers) {
  const p = card.parts;
  const open = isHost && ui.answeringId === q.id;
  if (!open) {
    if (p.editor) p.editor.remove();
    p.editor = null;
    return;
  }
  if (!p.editor) {
    p.editor = buildAnswerEditor(q, ui, handlers);
    card.append(p.editor);
    p.editor.parts.input.focus();
  }
}

function updateCard(card, q, ctx) {
  const { store, ui, handlers } = ctx;
  const p = card.parts;
  const isHost = store.role === 'host';
  setText(p.text, q.questionText);
  setText(p.author, store.displayName(q.author));
  p.author.title = q.author;
  setTime(p.askedTime, q.questionTimestamp);

  const serverVoted = store.hasVoted(q);
  const intent = ui.voteIntent.get(q.id);
  const voted = intent === undefined ? serverVoted : intent;
  const count = q.upVotes.length + (voted === serverVoted ? 0 : voted ? 1 : -1);
  setText(p.voteCount, String(count));
  p.upvote.setAttribute('aria-pressed', String(voted));
  p.upvote.setAttribute('aria-label', `${formatCount(count)} ${count === 1 ? 'vote' : 'votes'}. ${voted ? 'You voted; press to take your vote back' : 'Upvote'}`);
  p.upvote.title = voted ? 'Take back your upvote' : 'Upvote';
  p.upvote.classList.toggle('pending', intent !== undefined);

  const answered = q.answerText !== null;
  card.classList.toggle('answered', answered);
  card.classList.toggle('mine', q.author === store.userId);
  ensureBadge(card, answered);
  ensureAnswer(card, q, store);
  ensureActions(card, q, isHost, ui, handlers);
  ensureEditor(card, q, isHost, ui, handlers);
}

/**
 * Renders the question list in order, keeping each card's element (and so any open editor,
 * focus and draft) across updates.
 */
export function renderQuestions(listEl, emptyEl, totalEl, ctx) {
  const { store } = ctx;
  const cards = (listEl.cards ??= new Map());
  const sorted = store.sortedQuestions();
  const active = document.activeElement;
  const activeInList = active && listEl.contains(active);
  const selection =
    activeInList && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null;

  const seen = new Set();
  sorted.forEach((q, index) => {
    seen.add(q.id);
    let card = cards.get(q.id);
    if (!card) {
      card = buildCard(q.id, ctx.handlers);
      if (listEl.rendered) card.classList.add('fresh');
      cards.set(q.id, card);
    }
    updateCard(card, q, ctx);
    const at = listEl.children[index];
    if (at !== card) listEl.insertBefore(card, at || null);
  });
  for (const [id, card] of cards) {
    if (!seen.has(id)) {
      card.remove();
      cards.delete(id);
    }
  }
  if (store.loaded) listEl.rendered = true;

  // Moving a card can drop focus; give it back, unless something else took it on purpose.
  const lost = document.activeElement === null || document.activeElement === document.body;
  if (activeInList && lost && document.contains(active)) {
    active.focus({ preventScroll: true });
    if (selection) active.setSelectionRange(selection[0], selection[1]);
  }

  if (!store.loaded) setText(emptyEl, 'Loading the room…');
  else setText(emptyEl, 'No questions yet. Ask the first one above.');
  emptyEl.hidden = sorted.length > 0;
  setText(totalEl, sorted.length > 0 ? `(${formatCount(sorted.length)})` : '');
}

// ---------------------------------------------------------------------------------------
// Log lines

export function logLine(time, text) {
  return el('li', { class: 'log-line' }, el('span', { class: 'log-time', text: time }), ' ', el('span', { class: 'log-text', text }));
}
