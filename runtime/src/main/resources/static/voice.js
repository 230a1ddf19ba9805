// The branded voice page: starts a session with the Business's publishable key, joins the call with the Ultravox
// SDK (loaded from the platform's configured URL), shows the conversation and, from the session's live events,
// what the agent is taking down. A session started by the widget arrives in the fragment (#session=…&join=…).
const root = document.getElementById("voice");
const button = document.getElementById("call");
const statusLine = document.getElementById("call-status");
const transcript = document.getElementById("transcript");
const live = document.getElementById("live");
const steps = document.getElementById("steps");
const empty = document.getElementById("live-empty");
const key = root.dataset.key;
let call = null;
let events = null;

const STATUS = {
  disconnected: "The call has ended.", disconnecting: "Ending the call…", connecting: "Connecting…",
  idle: "Connected.", listening: "Listening…", thinking: "Thinking…", speaking: "Speaking…"
};

function say(text) {
  statusLine.textContent = text;
}

function headers() {
  return {"Authorization": "Bearer " + key, "Content-Type": "application/json"};
}

function showTranscript(lines) {
  transcript.replaceChildren(...lines.filter((l) => l.text).map((line) => {
    const item = document.createElement("li");
    item.className = (line.speaker === "user" ? "user" : "agent") + (line.isFinal === false ? " partial" : "");
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = line.speaker === "user" ? "You: " : "Agent: ";
    item.append(who, document.createTextNode(line.text));
    return item;
  }));
  transcript.scrollTop = transcript.scrollHeight;
}

function field(name, value) {
  if (value === undefined || value === null || value === "") {
    return;
  }
  const term = document.createElement("dt");
  term.textContent = name;
  const detail = document.createElement("dd");
  detail.textContent = value;
  live.append(term, detail);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString([], {dateStyle: "full", timeStyle: "short", hourCycle: "h23",
    timeZone: root.dataset.zone}) : null;
}

function items(list) {
  return (list || []).map((i) => (i.quantity ? i.quantity + " × " : "") + (i.name || i.item || "")).join(", ");
}

// What the agent filled in, from the session's events: each tool's sentence, and the order, appointment or ticket.
function onEvent(type, data) {
  if (type === "tool.executed" && data.say) {
    const step = document.createElement("li");
    step.textContent = data.say;
    steps.append(step);
  }
  if (type === "order.placed" || type === "appointment.booked" || type === "ticket.created"
      || type === "appointment.cancelled") {
    empty.hidden = true;
    live.replaceChildren();
    field("Number", data.number || data.orderNumber || data.ticketNumber);
    field("Items", items(data.items));
    field("Service", data.service || data.serviceName);
    field("When", when(data.start || data.startsAt));
    field("Category", data.category);
    field("Subject", data.subject);
    field("Priority", data.priority);
    field("Total", data.total ? data.total + (data.currency ? " " + data.currency : "") : null);
    field("Status", type === "appointment.cancelled" ? "cancelled" : data.status);
  }
  if (type === "handover.requested" || type === "handover.ended") {
    empty.hidden = true;
    live.replaceChildren();
    field("Asked for", "a person" + (data.reason ? ": " + data.reason : ""));
    field("Status", data.status === "transferring" ? "putting you through"
      : data.status === "answered" ? "put through" : "we will call you back");
    field("Number", (data.customer || {}).phone);
  }
}

// EventSource cannot send the key, so the stream is read with fetch.
async function listen(sessionId) {
  events = new AbortController();
  try {
    const response = await fetch("/api/v1/sessions/" + encodeURIComponent(sessionId) + "/events",
      {headers: headers(), signal: events.signal});
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) {
            type = line.slice(6).trim();
          } else if (line.startsWith("data:")) {
            data += line.slice(5).trim();
          }
        }
        if (data) {
          const event = JSON.parse(data);
          onEvent(type, event.data || {});
        }
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") {
      say("Live updates stopped; the call goes on.");
    }
  }
}

// A join URL names where the browser sends the caller's voice: only the voice provider's hosts will do, so a link
// made by someone else cannot point the call (and the microphone) at a server of theirs.
function callHost(joinUrl) {
  let url;
  try {
    url = new URL(joinUrl);
  } catch (e) {
    return false;
  }
  const allowed = (root.dataset.callHosts || "").split(" ").filter(Boolean);
  return url.protocol === "wss:" && allowed.some((h) => h.startsWith("*.")
    ? url.host.endsWith(h.slice(1)) : url.host === h);
}

async function join(sessionId, joinUrl) {
  if (!callHost(joinUrl)) {
    say("This link does not lead to a call of ours, so it was not opened.");
    ended();
    return;
  }
  listen(sessionId);
  try {
    const sdk = await import(root.dataset.sdk);
    call = new sdk.UltravoxSession();
    call.addEventListener("status", () => {
      say(STATUS[call.status] || call.status);
      if (call.status === "disconnected") {
        ended();
      }
    });
    call.addEventListener("transcripts", () => showTranscript(call.transcripts));
    call.joinCall(joinUrl);
    button.textContent = "End call";
    button.disabled = false;
  } catch (e) {
    say("The voice client could not be loaded. Please try again later.");
    ended();
  }
}

function ended() {
  call = null;
  if (events) {
    events.abort();
  }
  button.textContent = button.dataset.label;
  button.disabled = false;
}

async function start() {
  button.disabled = true;
  say("Starting the call…");
  let body = {};
  let response;
  try {
    response = await fetch("/api/v1/sessions", {method: "POST", headers: headers(),
      body: JSON.stringify({channel: "web"})});
    body = await response.json().catch(() => ({}));
  } catch (e) {
    say("The call could not start: the service cannot be reached. Please try again.");
    button.disabled = false;
    return;
  }
  if (!response.ok || !body.joinUrl) {
    say(body.message || "The call could not start. Please try again later.");
    button.disabled = false;
    return;
  }
  await join(body.sessionId, body.joinUrl);
}

button.dataset.label = button.textContent;
button.addEventListener("click", () => {
  if (call) {
    button.disabled = true;
    call.leaveCall();
  } else {
    start();
  }
});

const fragment = new URLSearchParams(window.location.hash.slice(1));
if (fragment.get("session") && fragment.get("join")) {
  history.replaceState(null, "", window.location.pathname); // the join URL leaves the address bar
  button.disabled = true;
  say("Joining your call…");
  join(fragment.get("session"), fragment.get("join"));
}
