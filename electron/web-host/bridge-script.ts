import { BRIDGE_GLOBAL, IPC_METHODS } from '../../shared/ipc/channels'

/** Where the page fetches the bridge script, and where it opens the bridge's WebSocket. */
export const BRIDGE_SCRIPT_PATH = '/__bridge.js'
export const BRIDGE_SOCKET_PATH = '/__bridge'

/**
 * The page's stand-in for the preload: the same frozen `window.countersign` object, one method
 * per contract channel, each a call on one WebSocket (an HTTP request per call would add
 * milliseconds to every keystroke), and the services' events on the same socket. Like the
 * preload's, each method resolves with the call's IpcResult (shared/ipc/errors.ts), never
 * rejects: a socket that never opens or closes mid-call resolves as 'host-unreachable'. The
 * session cookie travels with the upgrade; the script itself holds no secret (nor does the
 * page's address: the launch URL answers with a redirect, see launch-answer.ts).
 */
export function bridgeScript(): string {
  const methods = IPC_METHODS.map((method) => `${JSON.stringify(method)}: (...args) => call(${JSON.stringify(method)}, args)`).join(',\n  ')
  return `'use strict';
(() => {
const unreachable = (message) => ({ ok: false, error: { code: 'host-unreachable', message } });
const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + ${JSON.stringify(BRIDGE_SOCKET_PATH)});
const opened = new Promise((resolve) => {
  socket.onopen = () => resolve(true);
  socket.onerror = () => resolve(false);
});
const waiting = new Map();
const listeners = new Set();
let nextId = 1;
socket.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (data.event) { for (const listener of listeners) listener(data.event); return; }
  const resolve = waiting.get(data.id);
  if (!resolve) { console.error('Countersign host:', data.error); return; }
  waiting.delete(data.id);
  resolve(data.ok ? { ok: true, value: data.value } : { ok: false, error: data.error });
};
socket.onclose = () => {
  for (const resolve of waiting.values()) resolve(unreachable('The connection to the Countersign host closed; reload the page.'));
  waiting.clear();
};
const send = (method, args) => {
  if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(unreachable('The connection to the Countersign host closed; reload the page.'));
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ id, method, args }));
  });
};
// Sent in the caller's own task once the socket is open: the app's first calls leave while its
// script is still evaluating, and their answers are back by the time it has.
const call = (method, args) =>
  socket.readyState === WebSocket.OPEN
    ? send(method, args)
    : opened.then((open) => (open ? send(method, args) : unreachable('No connection to the Countersign host: open the address it printed again.')));
const onEvent = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };
window[${JSON.stringify(BRIDGE_GLOBAL)}] = Object.freeze({
  ${methods},
  onEvent
});
})();
`
}
