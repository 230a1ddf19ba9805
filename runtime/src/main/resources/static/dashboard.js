// The dashboard's live view: the Business's events (server-sent, with the owner's session) add new orders,
// appointments and tickets to the activity table without a reload, and say so for screen readers.
const status = document.getElementById("live-status");
const tables = {
  "order.placed": document.getElementById("orders"),
  "appointment.booked": document.getElementById("appointments"),
  "ticket.created": document.getElementById("tickets"),
  "handover.requested": document.getElementById("handovers"),
  "handover.ended": document.getElementById("handovers")
};

// The same words as the page's own rows (HandoverWords on the server).
const outcomes = {
  transferring: "being put through to the staff",
  answered: "put through and answered",
  called_back: "called back"
};
const whys = {
  after_hours: "asked after hours",
  no_answer: "nobody answered",
  busy: "the staff line was busy",
  caller_hung_up: "the caller hung up",
  web_call: "asked on a web call",
  no_staff_number: "no staff number is set up",
  staff_number_not_dialable: "the staff number cannot be rung from the platform"
};

function outcome(data) {
  return outcomes[data.status]
    || "call back: " + (whys[data.why] || "the call could not be put through");
}

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
  } else if (type.startsWith("handover.")) {
    tr.id = "handover-" + data.handoverId;
    const customer = data.customer || {};
    tr.append(cell("just now"), cell((customer.name || "") + " " + (customer.phone || "(no number)")),
      cell(data.reason), cell(outcome(data)));
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
      const data = event.data || {};
      // A hand-over's end replaces the row its start added.
      const old = data.handoverId ? document.getElementById("handover-" + data.handoverId) : null;
      if (old) {
        old.replaceWith(row(type, data));
      } else {
        table.prepend(row(type, data));
      }
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
