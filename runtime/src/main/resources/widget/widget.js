/* Voice agent widget: include with <script src="https://<business>/widget.js" async></script>.
 * Optional settings before it: window.VoiceAgentWidget = {placement: "floating" | "inline", position: "right" |
 * "left", buttonText: "..."}; "inline" fills every element with a data-voice-agent attribute instead. */
(function () {
  "use strict";
  if (window.__voiceAgentWidget) {
    return;
  }
  window.__voiceAgentWidget = true;
  var business = /*CONFIG*/{};
  var page = window.VoiceAgentWidget || {};
  var settings = {
    placement: page.placement === "inline" ? "inline" : "floating",
    position: page.position === "left" ? "left" : "right",
    buttonText: typeof page.buttonText === "string" && page.buttonText ? page.buttonText
      : business.branding.buttonText,
    publishableKey: typeof page.publishableKey === "string" && page.publishableKey ? page.publishableKey
      : business.publishableKey
  };

  function notice(anchor, text) {
    var box = document.createElement("div");
    box.setAttribute("role", "status");
    box.className = "voice-agent-notice";
    box.textContent = text;
    box.style.cssText = "margin-top:8px;padding:8px 12px;border-radius:8px;background:#fff;color:#222;"
      + "box-shadow:0 2px 8px rgba(0,0,0,.2);font:14px/1.4 system-ui,sans-serif;max-width:280px";
    anchor.appendChild(box);
    setTimeout(function () { box.remove(); }, 8000);
  }

  function start(button, anchor) {
    if (business.status !== "active") {
      notice(anchor, business.businessName + " is not taking calls at the moment.");
      return;
    }
    button.disabled = true;
    fetch(business.apiBase + "/api/v1/sessions", {
      method: "POST",
      headers: {"Authorization": "Bearer " + settings.publishableKey, "Content-Type": "application/json"},
      body: JSON.stringify({channel: "web"})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && body.sessionId) {
          // The fragment stays in the browser: the session id never reaches a server log through a URL.
          window.open(business.voicePageUrl + "#session=" + encodeURIComponent(body.sessionId) + "&join="
            + encodeURIComponent(body.joinUrl), "_blank",
            "noopener");
        } else {
          notice(anchor, body.message || "The voice agent is not available right now. Please try again later.");
        }
      });
    }).catch(function () {
      notice(anchor, "The voice agent cannot be reached from this page right now.");
    }).then(function () {
      button.disabled = false;
    });
  }

  function button(anchor) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "voice-agent-button";
    b.textContent = settings.buttonText;
    b.setAttribute("aria-label", settings.buttonText + " (" + business.businessName + ")");
    b.style.cssText = "padding:12px 18px;border:0;border-radius:24px;cursor:pointer;font:600 15px system-ui,"
      + "sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.25);background:" + business.branding.primaryColor
      + ";color:" + business.branding.accentColor;
    b.addEventListener("click", function () { start(b, anchor); });
    anchor.appendChild(b);
  }

  function mount() {
    if (settings.placement === "inline") {
      Array.prototype.forEach.call(document.querySelectorAll("[data-voice-agent]"), button);
      return;
    }
    var corner = document.createElement("div");
    corner.className = "voice-agent-widget";
    corner.style.cssText = "position:fixed;bottom:20px;" + settings.position + ":20px;z-index:2147483000";
    document.body.appendChild(corner);
    button(corner);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
