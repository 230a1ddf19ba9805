// The dashboard's live view: the Business's events (server-sent, with the owner's session) add new orders,
// appointments and tickets to the activity table without a reload, and say so for screen readers.
const status = document.getElementById("live-status");
const tables = {
  "order.placed": document.getElementById("orders"),
  "appointment.booked": document.getElementById("appointments"),
  "ticket.created": document.getElementById("tickets")
};

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  return td;
}

function row(type, data) {
  const tr = document.createElement("tr");
  tr.className = "new";
  if (type === "order.placed") {
    const number = data.number || data.orderNumber;
    tr.id = "order-" + number;
    const items = (data.items || []).map((i) => i.quantity + " × " + i.name).join(", ");
    tr.append(cell(number), cell(items), cell(data.total + " " + (data.currency || "")), cell("placed"));
  } else if (type === "appointment.booked") {
    tr.append(cell(data.service), cell(data.start || data.startsAt), cell(""), cell("booked"));
  } else {
    tr.append(cell(data.number || data.ticketNumber), cell(data.subject || data.category), cell(data.priority),
      cell("open"));
  }
  return tr;
}

if (status) {
  const events = new EventSource("/admin/events");
  for (const type of Object.keys(tables)) {
    events.addEventListener(type, (e) => {
      const table = tables[type];
      if (!table) {
        return;
      }
      const event = JSON.parse(e.data);
      table.prepend(row(type, event.data || {}));
      status.textContent = "New: " + type.replace(".", " ") + " just now.";
    });
  }
  events.addEventListener("error", () => {
    status.textContent = "Live updates paused; they resume by themselves.";
  });
}

// The keys a rotation made, once: fetched on request, never part of the page's HTML.
const reveal = document.getElementById("reveal");
if (reveal) {
  reveal.addEventListener("click", async () => {
    reveal.disabled = true;
    const response = await fetch("/admin/keys/reveal", {method: "POST",
      headers: {"X-CSRF-Token": document.getElementById("dashboard").dataset.csrf}});
    const body = await response.json().catch(() => ({}));
    reveal.hidden = true;
    if (!response.ok) {
      document.getElementById("reveal-message").textContent = body.message || "The keys cannot be shown.";
      return;
    }
    document.getElementById("secret-key").textContent = body.secretKey;
    document.getElementById("publishable-key").textContent = body.publishableKey;
    document.getElementById("new-keys").hidden = false;
  });
}
