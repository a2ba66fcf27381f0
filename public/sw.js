// 邻里 service worker: keeps the app shell available with a weak or no network.
//
// scripts/sw-precache.sh (a Trunk post_build hook) rewrites the two placeholders below in the
// built copy: PRECACHE becomes the list of every file in the build, VERSION a hash of their
// contents. Any change to the build therefore changes this file's bytes, which is what makes
// the browser install a new worker with a new cache. This committed copy stays valid JS.
'use strict';

const PRECACHE = [/*__PRECACHE__*/];
const VERSION = '__VERSION__';

const CACHE_PREFIX = 'linli-shell-';
const CACHE_NAME = `${CACHE_PREFIX}${VERSION}`;
const SHELL_URL = '/index.html';
const PRECACHED_PATHS = new Set(PRECACHE);

self.addEventListener('install', (event) => {
  // No skipWaiting() here: a new version waits until the app has asked the user, so an open
  // page never finds the cache swapped underneath it mid-session.
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) =>
      // cache: 'reload' bypasses the HTTP cache, so an unhashed file (index.html, icons,
      // manifest) is never precached from a stale HTTP-cache entry.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || typeof data !== 'object') return;

  switch (data.type) {
    case 'SKIP_WAITING':
      // Sent by the app once the user accepts the update.
      self.skipWaiting();
      break;
    case 'GET_VERSION': {
      const reply = { type: 'VERSION', version: VERSION };
      const port = event.ports && event.ports[0];
      if (port) {
        port.postMessage(reply);
      } else if (event.source) {
        event.source.postMessage(reply);
      }
      break;
    }
    default:
      break;
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only our own older shell caches: other caches may belong to the app.
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
          .map((name) => caches.delete(name)),
      );
      // Control the pages that were opened before the first install, so they work offline too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;

  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  // API traffic is network only: the app keeps its own offline copy of data and queues
  // writes, and a cached API response here would silently hide that it is stale.
  if (url.pathname.startsWith('/api/')) return;

  // A precached file opened directly (e.g. an icon) is served as itself, not as the shell.
  if (PRECACHED_PATHS.has(url.pathname) && url.pathname !== SHELL_URL) {
    event.respondWith(cacheFirst(request, url.pathname));
    return;
  }

  // Every navigation gets the cached shell: the app routes on the client, and the shell must
  // open instantly on a weak signal and with no network at all.
  if (request.mode === 'navigate') {
    event.respondWith(shellFirst(request));
    return;
  }

  event.respondWith(networkFirst(request));
});

async function cacheFirst(request, path) {
  const cache = await caches.open(CACHE_NAME);
  // Look up by path, so a query string added to a precached URL still hits the cache.
  const cached = await cache.match(path);
  return cached || fetch(request);
}

async function shellFirst(request) {
  const cache = await caches.open(CACHE_NAME);
  const shell = await cache.match(SHELL_URL);
  if (!shell) return fetch(request);
  // Browsers reject a redirected response as the answer to a navigation; rebuild it in case
  // the server ever redirected /index.html while we precached it.
  if (shell.redirected) {
    return new Response(await shell.blob(), {
      status: shell.status,
      statusText: shell.statusText,
      headers: shell.headers,
    });
  }
  return shell;
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Nothing is cached at runtime here (that would grow without bound); this finds only
    // what some cache already holds, e.g. one the app manages itself.
    const cached = await caches.match(request);
    if (cached) return cached;
    throw error;
  }
}
