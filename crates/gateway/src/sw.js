// Central's service worker: precaches this build's app shell, serves it when the phone is
// offline, and replaces an older version only when the page asks (after the subscriber
// accepts "Nova versão disponível — atualizar"). The gateway fills in the two constants.
const VERSION = '__VERSAO__';
const SHELL = __ARQUIVOS__;
const CACHE = `central-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL);
      // A first install replaces nothing, so it takes over at once.
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('central-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'atualizar') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API's answers belong to one subscriber: the app keeps what it needs offline itself.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Online, the page always comes from the gateway, so a deploy is never hidden.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match('/index.html', { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    (async () => (await caches.match(request, { cacheName: CACHE, ignoreSearch: true })) ?? fetch(request))(),
  );
});
