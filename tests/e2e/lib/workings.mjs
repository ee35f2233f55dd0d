// The workings panel (the signature laid out, RFC 5849 §3.4) read as a person reads it:
// its headings in order, the parameters table, each <pre> by the heading above it, the
// parts of the base string, the notes and what the Copy buttons copy. And an independent
// oracle to compare it with: percent-encoding, the base string and the signatures
// computed by Node's own crypto from the request's inputs.

import { createHmac, createSign } from 'node:crypto';

/** RFC 5849 §3.6: everything but ALPHA, DIGIT, '-', '.', '_', '~' percent-encoded, UTF-8. */
export function enc(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** §3.4.1.3.2: encoded, sorted by name then value, `name=value` joined by `&`. */
export function normalize(pairs) {
  return pairs
    .map(([n, v]) => [enc(n), enc(v)])
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

/** §3.4.1.1, as its three parts. */
export function baseStringParts(method, baseUri, pairs) {
  return [method.toUpperCase(), enc(baseUri), enc(normalize(pairs))];
}

/** §3.4.2 and §3.4.3, by Node's crypto (not the app's code). */
export function hmac(digest, base, consumerSecret, tokenSecret = '') {
  return createHmac(digest, `${enc(consumerSecret)}&${enc(tokenSecret)}`).update(base).digest('base64');
}
export function rsa(digest, base, pem) {
  return createSign(digest).update(base).sign(pem, 'base64');
}

/** The app's mask: one bullet per character, at most 12 (the length shows, not the text). */
export const mask = (s) => '•'.repeat(Math.min([...s].length, 12));

/** §3.5.1 as the app writes it: the protocol parameters in the order it adds them. */
export function authorizationHeader(pairs) {
  return `OAuth ${pairs.map(([n, v]) => `${n}="${enc(v)}"`).join(', ')}`;
}

/** Reads a workings panel (inside `details`, a locator of its <details>). */
export async function readWorkings(details) {
  return details.evaluate((d) => {
    const w = { headings: [], rows: [], text: {}, parts: {}, copies: [], notes: [] };
    let heading = null;
    for (const el of d.querySelectorAll('*')) {
      if (el.closest('summary')) continue;
      if (el.tagName === 'H4') {
        heading = el.textContent;
        w.headings.push(heading);
      } else if (el.tagName === 'TR' && el.closest('tbody')) {
        w.rows.push([...el.cells].map((c) => c.textContent));
      } else if (el.tagName === 'PRE') {
        w.text[heading] = el.textContent;
        w.parts[heading] = [...el.children].map((c) => c.textContent);
      } else if (el.tagName === 'BUTTON' && el.title) {
        w.copies.push(el.title);
      } else if (el.tagName === 'P' && el.textContent.startsWith('Note: ')) {
        w.notes.push(el.textContent.slice('Note: '.length));
      }
    }
    return w;
  });
}

/** Freezes the page's clock (`Date.now`) at the current second, for every page of the
 * context from its next navigation on: `oauth_timestamp` is then known in advance. The
 * providers accept it (it is now). Returns the timestamp in seconds. */
export async function freezeClock(context) {
  const seconds = Math.floor(Date.now() / 1000);
  await context.addInitScript((ms) => { Date.now = () => ms; }, seconds * 1000);
  return seconds;
}

/** The headings of a workings panel, in order (HMAC and RSA name their key's method). */
export const HEADINGS = (method) => [
  'Parameters (§3.4.1.3.1)',
  'Normalised parameters (§3.4.1.3.2)',
  'Signature base string (§3.4.1.1)',
  `Signing key (${method})`,
  'Signature',
  'HTTP request',
];
