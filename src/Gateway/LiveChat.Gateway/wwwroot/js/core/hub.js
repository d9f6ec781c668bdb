// The SignalR hub (/hubs/livechat). The browser bundle of @microsoft/signalr is served from
// /lib/signalr (copied there from npm by the gateway build) and defines the global `signalR`.

/** Retries forever, backing off to 15 s: a console should come back by itself after an outage. */
const retryForever = {
  nextRetryDelayInMilliseconds: context => Math.min(15000, 500 * 2 ** Math.min(context.previousRetryCount, 5)),
};

/**
 * Builds a hub connection for a token. `status` is called with 'live', 'reconnecting' or
 * 'offline'; `onReconnected` runs after every reconnect (re-watch, then catch up over HTTP);
 * `onConnectionLost` when the connection was lost or closed by the gateway (e.g. the agent was disabled).
 * @param {() => string | null} getToken
 * @param {{ status?: (state: string) => void, onReconnected?: () => (Promise<void> | void), onConnectionLost?: () => unknown }} [options]
 */
export function createHub(getToken, { status, onReconnected, onConnectionLost } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/livechat', { accessTokenFactory: () => getToken() })
    .withAutomaticReconnect(retryForever)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  // The gateway pushes "ready" once it has subscribed a (re)connected connection; the SignalR
  // handshake completes before that, so a console that caught up at once could miss a push.
  let ready = readySignal();
  connection.on('ready', () => ready.resolve());
  connection.onreconnecting(() => {
    ready = readySignal();
    status?.('reconnecting');
    onConnectionLost?.();
  });
  connection.onreconnected(async () => {
    await ready.promise;
    status?.('live');
    await onReconnected?.();
  });
  connection.onclose(() => {
    status?.('offline');
    onConnectionLost?.();
  });
  return {
    connection,
    on: (name, handler) => connection.on(name, handler),
    invoke: (method, ...args) => connection.invoke(method, ...args).catch(error => {
      // Hub refusals arrive as "R13: reason": keep the rule id like the HTTP problems do.
      const match = /HubException: (\w+): (.*)$/s.exec(error?.message ?? '') ?? /^(\w+): (.*)$/s.exec(error?.message ?? '');
      throw Object.assign(new Error(match ? match[2] : error?.message), { ruleId: match ? match[1] : null });
    }),
    async start() {
      status?.('reconnecting');
      ready = readySignal();
      await connection.start();
      await ready.promise;
      status?.('live');
    },
    stop: () => connection.stop(),
  };
}

/**
 * A promise resolved by the gateway's "ready" push, or after 10 s without it (a gateway that
 * predates the push), so a console never hangs on it.
 * @returns {{ promise: Promise<void>, resolve: () => void }}
 */
function readySignal() {
  /** @type {() => void} */
  let resolve = () => {};
  /** @type {Promise<void>} */
  const promise = new Promise(done => {
    resolve = () => done();
    setTimeout(done, 10000);
  });
  return { promise, resolve };
}

/** Shows the hub state in a .conn element. */
export function connectionStatus(el) {
  const labels = { live: 'Live', reconnecting: 'Connecting…', offline: 'Disconnected' };
  return state => {
    el.dataset.state = state;
    el.textContent = labels[state] ?? state;
  };
}
