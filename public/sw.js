// Wirelab's service worker: after the first visit every file of this build is cached, so
// Wirelab opens, lessons open and runs play with no network (a lecture hall's Wi-Fi).
// scripts/precache.py writes the build's file list and version in after each build.
// A new version installs beside the old one and waits; the page offers "reload" and
// only then does it take over (never in the middle of a lesson).
const VERSION = "WIRELAB_VERSION";
const FILES = WIRELAB_FILES;
const CACHE = `wirelab-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => k.startsWith("wirelab-") && k !== CACHE).map((k) => caches.delete(k)))
    ).then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "wirelab-update") self.skipWaiting();
});

// Cache first for this build's files (their names carry their content's hash; the page
// and the JSON files belong to the same version); anything else goes to the network.
self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  const page = req.mode === "navigate";
  event.respondWith(
    caches.open(CACHE).then((c) =>
      c.match(page ? "index.html" : req, { ignoreSearch: true }).then((hit) => hit || fetch(req))
    )
  );
});
