// The GOV.UK timeout-warning pattern: 2 minutes before lp signs an idle user out, a modal dialog
// says how long is left and offers "Stay signed in" (the same keep-alive route as the plain link in
// the session notice, asked for JSON) or "Sign out". Screen readers hear the time left when the
// dialog opens, each minute, and at 20 seconds (not every second: that would drown everything else).
//
// Without JavaScript nothing here runs: the notice under each page ("we will sign you out at 14:32",
// with its "Stay signed in" link) is the whole of it. The times come from the page
// (data-lp-seconds-left, set by lp/sessions.py), so the user's computer clock does not matter.

const ANNOUNCE_AT_SECONDS = 20;

function timeLeftWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

export function startTimeoutWarning(doc = document) {
  const notice = doc.getElementById("session-notice");
  const dialog = doc.getElementById("timeout-warning");
  if (!notice || !dialog || typeof dialog.showModal !== "function") {
    return; // a browser without <dialog> keeps the plain notice
  }
  const countdown = doc.getElementById("timeout-countdown");
  const announce = doc.getElementById("timeout-announce");
  const stay = doc.getElementById("timeout-stay");
  const keepAlive = doc.getElementById("session-keep-alive");
  const endsAt = doc.getElementById("session-ends-at");
  const warningSeconds = Number(notice.dataset.lpWarningSeconds) || 120;

  let deadline = 0; // performance.now() at which the server signs the user out
  let openTimer = null;
  let tick = null;
  let lastAnnounced = null;
  let returnFocusTo = null;

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
  }

  function schedule(seconds) {
    deadline = performance.now() + seconds * 1000;
    clearTimeout(openTimer);
    openTimer = setTimeout(open, Math.max(0, seconds - warningSeconds) * 1000);
  }

  function update() {
    const left = secondsLeft();
    if (left <= 0) {
      // Signed out on the server by now: reloading shows the sign-in page and says why.
      clearInterval(tick);
      window.location.assign(window.location.href);
      return;
    }
    const words = timeLeftWords(left);
    countdown.textContent = words;
    // One announcement per whole minute, one for the last minute, one at 20 seconds.
    let mark = ANNOUNCE_AT_SECONDS;
    if (left >= 60) {
      mark = Math.ceil(left / 60) * 60;
    } else if (left > ANNOUNCE_AT_SECONDS) {
      mark = 60;
    }
    if (mark !== lastAnnounced) {
      lastAnnounced = mark;
      announce.textContent = `For your security, we will sign you out in ${words}.`;
    }
  }

  function open() {
    if (dialog.open) {
      return;
    }
    returnFocusTo = doc.activeElement;
    lastAnnounced = null;
    update();
    dialog.showModal();
    stay.focus();
    tick = setInterval(update, 1000);
  }

  function close() {
    clearInterval(tick);
    announce.textContent = "";
    if (dialog.open) {
      dialog.close();
    }
    if (returnFocusTo && typeof returnFocusTo.focus === "function") {
      returnFocusTo.focus();
    }
  }

  async function staySignedIn() {
    try {
      const response = await fetch(keepAlive.href, {
        credentials: "same-origin",
        headers: { "X-LP-Keep-Alive": "1", Accept: "application/json" },
        redirect: "manual", // a redirect means the session has already ended
      });
      if (!response.ok) {
        throw new Error(`keep-alive answered ${response.status}`);
      }
      const session = await response.json();
      if (!session.session_seconds_left) {
        throw new Error("no session");
      }
      endsAt.textContent = session.session_ends_at;
      close();
      schedule(session.session_seconds_left);
    } catch (error) {
      // Do what the plain link does: the server restarts the clock, or sends the user to sign in.
      window.location.assign(keepAlive.href);
    }
  }

  stay.addEventListener("click", staySignedIn);
  // Escape closes a modal dialog: take it as "Stay signed in", as GOV.UK's pattern does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });

  // A request htmx makes (a live search, a tab) restarts the server's idle clock as a page does;
  // the data-load page's progress polls (X-LP-Poll) do not (lp/sessions.py).
  const idleSeconds = Number(notice.dataset.lpIdleSeconds) || 0;
  doc.addEventListener("htmx:afterRequest", (event) => {
    const headers = (event.detail.requestConfig && event.detail.requestConfig.headers) || {};
    if (idleSeconds && event.detail.successful && headers["X-LP-Poll"] !== "1" && !dialog.open) {
      schedule(idleSeconds);
    }
  });

  schedule(Number(notice.dataset.lpSecondsLeft) || 0);
}
