// Provisioning progress, from the Business's conditions, until it is Ready; then the keys, once.
const root = document.getElementById("progress");
const phase = document.getElementById("phase");
const list = document.getElementById("conditions");
const ready = document.getElementById("ready");
const message = document.getElementById("keys-message");

function show(status) {
  phase.textContent = "Phase: " + status.phase;
  list.replaceChildren(...status.conditions.map((c) => {
    const item = document.createElement("li");
    item.className = c.status;
    item.textContent = c.type + ": " + (c.status === "True" ? "done" : c.reason) + (c.message ? " (" + c.message
      + ")" : "");
    return item;
  }));
  if (status.ready) {
    ready.hidden = false;
    if (status.keysShown) {
      document.getElementById("show-keys").hidden = true;
      message.textContent = "Your keys were shown already. Rotate them from your dashboard to get new ones.";
    }
  }
  return status.ready;
}

async function poll() {
  try {
    const response = await fetch("/signup/progress.json");
    if (response.ok && show(await response.json())) {
      return;
    }
  } catch (e) {
    phase.textContent = "Waiting for the platform…";
  }
  setTimeout(poll, 1000);
}

document.getElementById("show-keys").addEventListener("click", async () => {
  const response = await fetch("/signup/keys", {method: "POST", headers: {"X-CSRF-Token": root.dataset.csrf}});
  const body = await response.json();
  document.getElementById("show-keys").hidden = true;
  if (!response.ok) {
    message.textContent = body.message;
    return;
  }
  document.getElementById("secret-key").textContent = body.secretKey;
  document.getElementById("publishable-key").textContent = body.publishableKey;
  document.getElementById("widget").textContent = body.widget;
  for (const [id, url] of [["page-link", body.page], ["dashboard-link", body.dashboard]]) {
    const link = document.getElementById(id);
    link.href = url;
    link.textContent = url;
  }
  document.getElementById("keys").hidden = false;
});

poll();
