// lp.js: htmx, and the GOV.UK Frontend components lp uses, each imported on its own so that
// esbuild leaves every other component out. Loaded with <script defer> from templates/layout.html;
// built by scripts/build-assets.mjs into static/dist/lp.<hash>.js.
//
// Nothing here needs 'unsafe-inline' or 'unsafe-eval' (the CSP is script-src 'self'). htmx reads
// its settings from <meta name="htmx-config"> in layout.html when the document is ready: they are
// not set here, so that meta stays the one place they are decided.
import htmx from "htmx.org";
import { Button } from "govuk-frontend/dist/govuk/components/button/button.mjs";
import { CharacterCount } from "govuk-frontend/dist/govuk/components/character-count/character-count.mjs";
import { Checkboxes } from "govuk-frontend/dist/govuk/components/checkboxes/checkboxes.mjs";
import { ErrorSummary } from "govuk-frontend/dist/govuk/components/error-summary/error-summary.mjs";
import { NotificationBanner } from "govuk-frontend/dist/govuk/components/notification-banner/notification-banner.mjs";
import { PasswordInput } from "govuk-frontend/dist/govuk/components/password-input/password-input.mjs";
import { Radios } from "govuk-frontend/dist/govuk/components/radios/radios.mjs";
import { ServiceNavigation } from "govuk-frontend/dist/govuk/components/service-navigation/service-navigation.mjs";
import { SkipLink } from "govuk-frontend/dist/govuk/components/skip-link/skip-link.mjs";
import { Tabs } from "govuk-frontend/dist/govuk/components/tabs/tabs.mjs";

import { startTimeoutWarning } from "./timeout.js";

// Checkboxes and Radios are here for their conditionally revealed questions: the CSS hides those
// in supporting browsers, so without this JS they would never open.
const COMPONENTS = [
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs,
];

// GOV.UK Frontend's components run only where <body> has the class govuk-frontend-supported. As
// in GOV.UK's own template, a one-line script at the top of <body> adds it before the first paint
// (templates/layout.html; the CSP allows it by its hash), so the layout is settled from the start.

/** Start every component in `scope` (the root included) that has not been started yet. */
function initComponents(scope) {
  for (const Component of COMPONENTS) {
    const name = Component.moduleName;
    const selector = `[data-module="${name}"]`;
    const roots = Array.from(scope.querySelectorAll(selector));
    if (scope.matches && scope.matches(selector)) {
      roots.unshift(scope);
    }
    for (const root of roots) {
      if (root.hasAttribute(`data-${name}-init`)) {
        continue;
      }
      try {
        new Component(root);
      } catch (error) {
        console.error(error);
      }
    }
  }
}

initComponents(document);

// Content that htmx swaps in (an error summary, a table with tabs) gets its components started
// too. htmx fires this for the whole body once at start; components already started are skipped.
htmx.onLoad(initComponents);

// The idle-timeout warning dialog (static/src/timeout.js), on signed-in pages.
startTimeoutWarning();

// For htmx extensions and the browser console; lp itself does not need it.
window.htmx = htmx;

// "Print this page" links: with JavaScript they open the print dialog for the page as it stands
// (the print styles in scss/_print.scss leave out forms and navigation); without it they are plain
// links to the same view, which the browser's own Print command prints the same way.
document.addEventListener("click", (event) => {
  const link = event.target.closest ? event.target.closest("a[data-lp-print]") : null;
  if (link && event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    event.preventDefault();
    window.print();
  }
});
