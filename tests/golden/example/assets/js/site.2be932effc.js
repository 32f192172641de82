/* ASB hub: quick exit and cookie consent. Every page works without this file; it only adds.
   No framework, no inline code (the Content Security Policy forbids it). Loaded with `defer`. */
(function () {
  "use strict";

  var body = document.body;

  /* ---- Quick exit ---------------------------------------------------------------------- */

  var SHIFT_WINDOW_MS = 5000; // three Shift presses must fall within this time
  var exitBlock = document.querySelector("[data-module='exit-this-page']");

  function leave(url) {
    // Hide everything first, so nothing stays on screen while the next site loads.
    body.hidden = true;
    // replace(), not assign(): the page that was open leaves the tab's history,
    // so the Back button cannot bring it back.
    window.location.replace(url);
  }

  function startQuickExit(block) {
    var link = block.querySelector(".exit-this-page__button");
    var hint = block.querySelector(".exit-this-page__keys");
    var status = block.querySelector("[data-exit-status]");
    var keys = (block.getAttribute("data-exit-keys") || "").split(/\s+/);
    var shiftPresses = 0;
    var shiftTimer = null;

    function resetShift() {
      shiftPresses = 0;
      window.clearTimeout(shiftTimer);
      if (status) status.textContent = "";
    }

    // Any activation of the link leaves, including a click with a modifier key held:
    // a new tab would leave this page on screen, which is what the reader wants to avoid.
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave(link.href);
    });

    // Capture phase: Escape must work everywhere, even where a field stops the event.
    document.addEventListener("keydown", function (event) {
      if (event.isComposing) return; // Escape cancels text being composed (IME)
      if (event.key === "Escape" && keys.indexOf("Escape") !== -1) {
        event.preventDefault();
        leave(link.href);
        return;
      }
      if (keys.indexOf("ShiftShiftShift") === -1) return;
      // Any other key starts the count again, so typing capital letters never leaves.
      if (event.key !== "Shift") return resetShift();
      if (event.repeat) return;
      shiftPresses += 1;
      if (shiftPresses === 1) shiftTimer = window.setTimeout(resetShift, SHIFT_WINDOW_MS);
      if (shiftPresses >= 3) return leave(link.href);
      if (status) {
        // The words come from the page (in its language), with {count} for the presses left.
        var left = 3 - shiftPresses;
        var words = block.getAttribute(left === 1 ? "data-text-shift-one" : "data-text-shift-other");
        status.textContent = (words || "").replace("{count}", String(left));
      }
    }, true);

    // A page restored from the back-forward cache comes back as it was left: hidden.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        body.hidden = false;
        resetShift();
      }
    });

    if (hint && hint.textContent.trim() && keys.join("")) hint.hidden = false;
  }

  if (exitBlock) startQuickExit(exitBlock);

  /* ---- Consent ------------------------------------------------------------------------- */

  var CONSENT_COOKIE = body.getAttribute("data-consent-cookie");
  var ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i += 1) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return parts[i].slice(eq + 1);
    }
    return null;
  }

  /* Returns the saved choices, such as {"analytics": true}, or null if none are saved. */
  function readConsent() {
    var value = CONSENT_COOKIE && readCookie(CONSENT_COOKIE);
    if (!value) return null;
    try {
      var consent = JSON.parse(decodeURIComponent(value));
      return consent && typeof consent === "object" ? consent : null;
    } catch (error) {
      return null; // a damaged cookie counts as no choice, so we ask again
    }
  }

  /* Saves the choices for a year; returns false if the browser refused the cookie. */
  function writeConsent(consent) {
    var value = JSON.stringify(consent);
    var cookie = CONSENT_COOKIE + "=" + value + "; path=/; max-age=" + ONE_YEAR_SECONDS +
      "; SameSite=Lax" + (window.location.protocol === "https:" ? "; Secure" : "");
    try {
      document.cookie = cookie;
    } catch (error) {
      return false; // some browsers throw when cookies are blocked
    }
    return readCookie(CONSENT_COOKIE) === value;
  }

  /* Deletes a cookie on this host and on every parent domain an analytics script may use. */
  function deleteCookie(name) {
    var expired = name + "=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT";
    var labels = window.location.hostname.split(".");
    document.cookie = expired;
    for (var i = 0; i < labels.length - 1; i += 1) {
      document.cookie = expired + "; domain=." + labels.slice(i).join(".");
    }
  }

  var analyticsLoaded = false;

  function loadAnalytics() {
    var src = body.getAttribute("data-analytics-src");
    if (!src || analyticsLoaded) return;
    analyticsLoaded = true;
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.setAttribute("data-measurement-id", body.getAttribute("data-analytics-id") || "");
    document.head.appendChild(script);
  }

  /* Acts on the reader's choices for this page view. */
  function applyConsent(consent) {
    if (consent && consent.analytics === true) {
      loadAnalytics();
    } else {
      (body.getAttribute("data-analytics-cookies") || "").split(/\s+/).forEach(function (name) {
        if (name) deleteCookie(name);
      });
    }
  }

  function everyCategory(banner, answer) {
    var consent = {};
    (banner.getAttribute("data-cookie-categories") || "").split(/\s+/).forEach(function (name) {
      if (name) consent[name] = answer;
    });
    return consent;
  }

  function answersEvery(banner, consent) {
    return !!consent && Object.keys(everyCategory(banner, false)).every(function (name) {
      return typeof consent[name] === "boolean";
    });
  }

  function startCookieBanner(banner) {
    var question = banner.querySelector("[data-cookie-question]");
    Array.prototype.forEach.call(banner.querySelectorAll("[data-cookie-choice]"), function (button) {
      button.addEventListener("click", function () {
        var choice = button.getAttribute("data-cookie-choice");
        var consent = everyCategory(banner, choice === "accept");
        writeConsent(consent);
        applyConsent(consent);
        question.hidden = true;
        var confirmation = banner.querySelector("[data-cookie-confirmation='" + choice + "']");
        confirmation.hidden = false;
        confirmation.focus(); // screen readers hear what was chosen
      });
    });
    Array.prototype.forEach.call(banner.querySelectorAll("[data-cookie-hide]"), function (button) {
      button.addEventListener("click", function () {
        banner.hidden = true;
      });
    });
    banner.hidden = false;
  }

  /* Returns the address of the page on this site the reader came from, or null. */
  function referringPage() {
    var ref = document.referrer;
    if (!ref) return null;
    var link = document.createElement("a");
    link.href = ref;
    if (link.origin !== window.location.origin) return null;
    if (link.pathname === window.location.pathname) return null;
    return link.pathname + link.search + link.hash;
  }

  function startCookieSettings(form) {
    var saved = document.querySelector("[data-cookie-saved]");
    var failed = document.querySelector("[data-cookie-failed]");
    var back = document.querySelector("[data-cookie-back]");
    var noJs = document.querySelector("[data-cookie-settings-no-js]");
    var consent = readConsent() || {};
    var radios = form.querySelectorAll("input[type='radio']");

    Array.prototype.forEach.call(radios, function (radio) {
      // No saved choice means No: nothing non-essential without a clear yes.
      radio.checked = (consent[radio.name] === true) === (radio.value === "yes");
    });

    var from = referringPage();
    if (from) back.href = from;
    else back.parentNode.hidden = true;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var choices = {};
      Array.prototype.forEach.call(radios, function (radio) {
        if (radio.checked) choices[radio.name] = radio.value === "yes";
      });
      var ok = writeConsent(choices);
      saved.hidden = !ok;
      failed.hidden = ok;
      if (ok) {
        applyConsent(choices);
        var banner = document.querySelector("[data-module='cookie-banner']");
        if (banner) banner.hidden = true;
      }
      (ok ? saved : failed).focus();
    });

    if (noJs) noJs.hidden = true;
    form.hidden = false;
  }

  var settingsForm = document.querySelector("[data-module='cookie-settings']");
  var cookieBanner = document.querySelector("[data-module='cookie-banner']");
  var consent = readConsent();
  applyConsent(consent);
  if (settingsForm) startCookieSettings(settingsForm);
  // The cookies page asks the same question in full, so it does not show the banner too.
  // A category added since the reader answered has no answer yet, so the banner asks again.
  else if (cookieBanner && !answersEvery(cookieBanner, consent)) startCookieBanner(cookieBanner);
}());
