// Registers the service worker (public/sw.js) and, when a new version of Wirelab has
// installed, offers it: "A new version of Wirelab is ready — reload". Never forced.
(() => {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  const offer = (worker) => {
    if (document.querySelector("[data-testid=update-ready]")) return;
    const bar = document.createElement("div");
    bar.className = "update-ready";
    bar.setAttribute("role", "status");
    bar.dataset.testid = "update-ready";
    bar.textContent = "A new version of Wirelab is ready — ";
    const go = document.createElement("button");
    go.textContent = "Reload";
    go.dataset.testid = "update-reload";
    go.addEventListener("click", () => worker.postMessage("wirelab-update"));
    const later = document.createElement("button");
    later.textContent = "Later";
    later.addEventListener("click", () => bar.remove());
    bar.append(go, later);
    document.body.append(bar);
  };
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloading && sessionStorage.getItem("wirelab.sw.asked") === "1") {
      reloading = true;
      sessionStorage.removeItem("wirelab.sw.asked");
      location.reload();
    }
  });
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("sw.js").then((reg) => {
      const watch = (w) => {
        if (!w) return;
        const ready = () => {
          // A first install has no page to update: only a replacement is offered.
          if (w.state === "installed" && navigator.serviceWorker.controller) {
            offer({ postMessage: (m) => { sessionStorage.setItem("wirelab.sw.asked", "1"); w.postMessage(m); } });
          }
        };
        ready();
        w.addEventListener("statechange", ready);
      };
      watch(reg.waiting);
      reg.addEventListener("updatefound", () => watch(reg.installing));
    }).catch(() => { /* no worker: Wirelab works online as before */ });
  });
})();
