/**
 * The close page's script, built as `dist/callback.js`: a classic script the
 * server's OAuth callback page includes with one `<script src>` tag. It tells
 * the waiting `<twitter-connect>` in the opener that the flow is done and
 * closes the popup. Outside a popup it leaves the page alone.
 */
import { reportFromPopup } from './flow-protocol.js';

if (!reportFromPopup('done')) {
  // A popup opened before this script existed carries no marker; closing it
  // still lets the opener's `closed` poll finish the flow, as in the 2012
  // technique. `window.close()` is a no-op in a tab the user opened.
  if (window.opener) window.close();
}
