// Sign-up: says at once whether the subdomain can be had (the same rules the server applies on submit).
const input = document.getElementById("subdomain");
const status = document.getElementById("subdomain-status");
let timer = null;

async function check() {
  const wanted = input.value.trim().toLowerCase();
  if (!wanted) {
    status.textContent = "";
    return;
  }
  try {
    const response = await fetch("/signup/availability?subdomain=" + encodeURIComponent(wanted));
    const body = await response.json();
    if (input.value.trim().toLowerCase() !== wanted) {
      return; // the owner typed on
    }
    status.textContent = body.message;
    status.className = body.available ? "hint" : "field-error";
    input.setAttribute("aria-invalid", String(!body.available));
  } catch (e) {
    status.textContent = "";
  }
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(check, 300);
});
